"""The dashboard (`sago serve`): FastAPI with server-rendered templates. Needs `sago[web]`."""
