# Duet for production: gunicorn serving Django with WhiteNoise, PostgreSQL via DATABASE_URL.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    PATH="/opt/venv/bin:$PATH"

RUN pip install --no-cache-dir uv && useradd --create-home --uid 1000 duet

WORKDIR /app
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --locked --no-dev --no-install-project

COPY . .
# Static files are collected at build time; a throwaway key is enough for that.
RUN SECRET_KEY=collectstatic-only DATA_DIR=/tmp/duet python manage.py collectstatic --noinput \
    && mkdir -p /app/data && chown duet:duet /app/data

USER duet
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn config.wsgi:application --config python:config.gunicorn --bind 0.0.0.0:8000 --workers ${WEB_WORKERS:-3}"]
