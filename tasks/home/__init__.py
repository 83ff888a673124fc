"""The home page and the weekly digest: what is fresh, and the week's headline figures."""
