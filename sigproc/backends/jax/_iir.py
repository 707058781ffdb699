"""JAX backend, recursive filters: a parallel scan (jax.lax.associative_scan)."""
