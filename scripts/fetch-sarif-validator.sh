#!/usr/bin/env bash
# Fetches what the tests validate `strata lint --format sarif` with into DIR (default build/sarif): the
# OASIS SARIF 2.1.0 JSON schema (draft-07), which npm's @datadog/datadog-ci-plugin-sarif 5.11.0 ships as
# a file (later versions bundle it), and the JSON Schema validator Ajv. tests/lint/validate_sarif.js uses them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(realpath -m "${1:-$root/build/sarif}")
schema_package="@datadog/datadog-ci-plugin-sarif@5.11.0"
validator_packages=(ajv@8.17.1 ajv-formats@3.0.1)

if [[ -f "$dir/sarif-schema-2.1.0.json" && -d "$dir/node_modules/ajv-formats" && "$(cat "$dir/VERSION" 2>/dev/null)" == "$schema_package ${validator_packages[*]}" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "fetch-sarif-validator.sh: npm is needed (apt-get install npm)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$dir"
(cd "$work" && npm pack --silent "$schema_package" >/dev/null)
tar -xzf "$work"/datadog-datadog-ci-plugin-sarif-*.tgz -C "$work" package/dist/json-schema/sarif-schema-2.1.0.json
cp "$work/package/dist/json-schema/sarif-schema-2.1.0.json" "$dir/"
npm install --silent --no-audit --no-fund --prefix "$dir" "${validator_packages[@]}" >/dev/null
echo "$schema_package ${validator_packages[*]}" > "$dir/VERSION"
echo "SARIF validator in $dir"
