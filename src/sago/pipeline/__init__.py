"""The pipeline stages. They see only domain models and the ports' base classes."""
