"""HTTP client of CTRP's Trial Registration REST service: XML in and out, HTTP Basic
credentials. It never retries: a registration that reached CTRP and timed out on the way back
could be registered twice, so a failed request is reported, and sent again only when the user
runs the submission again."""

from __future__ import annotations

from dataclasses import dataclass

USER_AGENT = "ctwarehouse/0.1"
XML = "application/xml"
TIMEOUT_SECONDS = 120.0  # documents embed protocols as base64: uploads can be large


class CtrpConnectionError(RuntimeError):
    """CTRP could not be reached (or did not answer in time)."""


@dataclass(frozen=True)
class CtrpResponse:
    status: int
    body: bytes

    def text(self, limit: int = 2000) -> str:
        text = self.body.decode("utf-8", errors="replace").strip()
        return text if len(text) <= limit else text[:limit] + " …"


class CtrpClient:
    def __init__(self, base_url: str, username: str, password: str, timeout=TIMEOUT_SECONDS):
        self.base_url = base_url.rstrip("/")
        import httpx

        self._http = httpx.Client(
            auth=httpx.BasicAuth(username, password),
            headers={"Accept": XML, "User-Agent": USER_AGENT},
            timeout=timeout,
        )

    def url(self, path: str) -> str:
        return self.base_url + path

    def send(self, method: str, path: str, body: bytes | None) -> CtrpResponse:
        """One request; `body` None sends none (an abbreviated registration)."""
        import httpx

        headers = {"Content-Type": XML} if body is not None else {}
        try:
            response = self._http.request(
                method, self.url(path), content=body or b"", headers=headers
            )
        except httpx.HTTPError as exc:
            raise CtrpConnectionError(f"{method} {self.url(path)}: {exc}") from exc
        return CtrpResponse(response.status_code, response.content)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CtrpClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
