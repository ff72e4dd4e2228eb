"""Locale packs shipped with wildcat (YAML files; a package so installs include them)."""
