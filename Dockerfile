# The Sago worker image: the package with every scale-path driver.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir ".[all]"
USER nobody
ENTRYPOINT ["sago"]
CMD ["worker"]
