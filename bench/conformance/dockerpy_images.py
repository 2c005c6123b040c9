"""pytest plugin of bench/conformance/dockerpy.sh: before every test, make sure the images that docker-py's
integration suite expects to find locally are there, loading them from an image archive (docker save) if a test
or a prune removed them. Without network access the suite's own pulls fail; this keeps the tests that only *use*
alpine/busybox independent of the order in which the tests ran. Same archive, same code, on every engine."""
import os

import pytest

import docker
from docker.utils import kwargs_from_env

ARCHIVE = os.environ["DOCKERPY_IMAGES_ARCHIVE"]
TAGS = os.environ.get("DOCKERPY_IMAGES_TAGS", "").split()


@pytest.fixture(scope="session")
def _images_client():
    client = docker.APIClient(version=os.environ.get("DOCKER_TEST_API_VERSION"), timeout=120, **kwargs_from_env())
    yield client
    client.close()


@pytest.fixture(autouse=True)
def _local_images(_images_client):
    missing = []
    for tag in TAGS:
        try:
            _images_client.inspect_image(tag)
        except docker.errors.NotFound:
            missing.append(tag)
    if missing:
        with open(ARCHIVE, "rb") as archive:
            _images_client.load_image(archive.read())
