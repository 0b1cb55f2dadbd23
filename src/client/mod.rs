//! HTTP client that records every exchange and can send malformed requests.
