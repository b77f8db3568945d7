#!/bin/sh
# A fake guest command: prints $AZBT_STUB_DIR/<name>_<args> (slashes as _) or else
# $AZBT_STUB_DIR/<name>, exits with the number in the same file plus ".rc" (default 0).
name=${0##*/}
key=$name
for a in "$@"; do key="${key}_$(printf '%s' "$a" | tr '/' '_')"; done
for f in "$AZBT_STUB_DIR/$key" "$AZBT_STUB_DIR/$name"; do
    if [ -f "$f" ]; then
        cat "$f"
        rc=0
        [ -f "$f.rc" ] && rc=$(cat "$f.rc")
        exit "$rc"
    fi
done
exit 127
