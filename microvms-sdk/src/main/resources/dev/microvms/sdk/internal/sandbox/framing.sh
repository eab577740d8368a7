# The far side of exec and files over the MicroVM's shell (lambda-microvms SDK). It runs in a
# non-interactive /bin/sh that reads requests from the terminal, set to raw mode without echo; $0 is
# the session's nonce. Every request is one line "<nonce> <function> <seq> <args...>"; every answer is
# one line "@MVX:<nonce>:<seq> <type> <fields...>", written in a single write(2) so that answers from
# concurrent writers never interleave on the terminal. Payloads are base64. Data follows a request only
# after its "G" answer: bash reads a terminal in blocks, and would take data meant for head(1) as script.
# Needs POSIX sh and coreutils.
M="@MVX:$0:"
D=$(mktemp -d "${TMPDIR:-/tmp}/mvx.XXXXXX" 2>/dev/null) || D=
trap 'rm -rf "$D"' EXIT
trap 'exit 129' HUP
trap 'exit 143' TERM
r() { printf '%s%s\n' "$M" "$*"; }
# f SEQ CODE [FILE]: a failure, with the error text from FILE.
f() { if [ -s "${3:-}" ]; then r "$1 F $2 $(base64 -w0 <"$3")"; else r "$1 F $2"; fi; }
# o SEQ TAG FILE: copies stdin (a FIFO) as records until it ends; each record goes out in one write.
o() {
  while dd bs=49152 count=1 of="$3" 2>/dev/null && [ -s "$3" ]; do
    { printf '%s%s %s ' "$M" "$1" "$2"; base64 -w0 <"$3"; echo; } >"$3.r"
    cat "$3.r"
  done
}
# q DIR ENVCOUNT ENV... COMMAND...: becomes the command, in DIR; env(1) only when there are variables.
q() {
  if [ -n "$1" ]; then cd "$1" || exit 126; fi
  if [ "$2" = 0 ]; then shift 2; exec "$@"; fi
  shift 2
  exec env -- "$@"
}
# x SEQ STDIN(0|1) DIR PATH NAME ENVCOUNT ENV... COMMAND...: starts a command; its output comes back as
# O1 (stdout) and O2 (stderr) records, then "X <exit code>" once both have ended. NAME is the program to
# look up (empty for a shell line), PATH the PATH it is looked up in (empty: this shell's). One command
# at a time per session, so the FIFOs made at the start serve every one.
x() {
  s=$1 i=$2 c=$3 p=$4 a=$5
  shift 5
  if [ -n "$c" ] && ! [ -d "$c" ]; then r "$s ND"; return; fi
  if [ -n "$a" ]; then
    case $a in
      */*) if ! [ -e "$a" ]; then r "$s NF"; return; fi ;;
      *) k=$PATH; if [ -n "$p" ]; then PATH=$p; fi
         if ! command -v "$a" >/dev/null 2>&1; then PATH=$k; r "$s NF"; return; fi
         PATH=$k ;;
    esac
  fi
  {
    o "$s" O1 "$D/c1" <"$D/1" &
    o "$s" O2 "$D/c2" <"$D/2" &
    if [ "$i" = 1 ]; then (q "$c" "$@") <"$D/0" >"$D/1" 2>"$D/2"; else (q "$c" "$@") </dev/null >"$D/1" 2>"$D/2"; fi
    e=$?
    wait
    r "$s X $e"
  } &
  if [ "$i" = 1 ]; then exec 3>"$D/0"; fi
}
# i SEQ LEN: after "G", LEN base64 characters follow on the terminal; decoded, they go to the running
# command's stdin.
i() { r "$1 G"; head -c "$2" | { base64 -d >&3 2>/dev/null; cat >/dev/null; }; }
# c: closes the running command's stdin.
c() { exec 3>&-; }
# st SEQ PATH: the file's type and mode (hex), size, modification time; not following a link.
st() {
  if [ -e "$2" ] || [ -L "$2" ]; then
    if z=$(stat -c '%f %s %Y' -- "$2" 2>"$D/e"); then r "$1 OK $z"; else f "$1" ERR "$D/e"; fi
  else r "$1 F NOENT"; fi
}
# ls SEQ DIR: "mode size mtime name" for each entry, NUL-terminated, as one base64 payload.
l() {
  if ! [ -d "$2" ]; then if [ -e "$2" ]; then r "$1 F NOTDIR"; else r "$1 F NOENT"; fi; return; fi
  if ! (cd -- "$2") 2>"$D/e"; then f "$1" ACCES "$D/e"; return; fi
  (cd -- "$2" && stat --printf '%f %s %Y %n\0' -- * .[!.]* ..?* 2>/dev/null) >"$D/l"
  r "$1 OK $(base64 -w0 <"$D/l")"
}
# rd SEQ PATH: "H <size>", the file as base64 lines, then "E <sha256>".
rd() {
  if [ -d "$2" ]; then r "$1 F ISDIR"; return; fi
  if ! [ -e "$2" ]; then r "$1 F NOENT"; return; fi
  if ! [ -f "$2" ]; then r "$1 F NOTFILE"; return; fi
  if ! [ -r "$2" ]; then r "$1 F ACCES"; return; fi
  r "$1 H $(stat -L -c %s -- "$2")"
  rm -f "$D/h"; mkfifo "$D/h"
  sha256sum <"$D/h" >"$D/s" &
  tee "$D/h" <"$2" | base64
  wait
  read -r h z <"$D/s"; r "$1 E $h"
}
# wo SEQ TMP: creates an empty file to upload into.
wo() { if (: >"$2") 2>"$D/e"; then r "$1 OK"; else f "$1" ERR "$D/e"; fi; }
# wa SEQ LEN TMP: after "G", LEN base64 characters follow; decoded, they are appended to TMP.
wa() {
  r "$1 G"
  head -c "$2" | {
    if base64 -d >>"$3" 2>"$D/e"; then r "$1 OK"; else cat >/dev/null; f "$1" ERR "$D/e"; fi
  }
}
# wk SEQ TMP DEST SHA256 MODE: checks what arrived and moves it into place.
wk() {
  if [ -d "$3" ]; then rm -f "$2"; r "$1 F ISDIR"; return; fi
  h=$(sha256sum <"$2"); h=${h%% *}
  if [ "$h" != "$4" ]; then rm -f "$2"; r "$1 F CHECKSUM $h"; return; fi
  if chmod "$5" "$2" 2>"$D/e" && mv -f "$2" "$3" 2>"$D/e"; then r "$1 OK"; else rm -f "$2"; f "$1" ERR "$D/e"; fi
}
# wx SEQ TMP: drops an upload.
wx() { rm -f "$2"; r "$1 OK"; }
# md SEQ DIR: mkdir -p.
md() { if mkdir -p -- "$2" 2>"$D/e"; then r "$1 OK"; else f "$1" ERR "$D/e"; fi; }
# rm SEQ RECURSIVE PATH
rmp() {
  if ! [ -e "$3" ] && ! [ -L "$3" ]; then r "$1 F NOENT"; return; fi
  if [ -d "$3" ] && ! [ -L "$3" ] && [ "$2" != 1 ]; then
    if rmdir -- "$3" 2>"$D/e"; then r "$1 OK"; else f "$1" NOTEMPTY "$D/e"; fi; return
  fi
  if rm -rf -- "$3" 2>"$D/e"; then r "$1 OK"; else f "$1" ERR "$D/e"; fi
}
# rl SEQ PATH: a link's target, base64.
rl() { if z=$(readlink -- "$2" 2>"$D/e"); then r "$1 OK $(printf '%s' "$z" | base64 -w0)"; else f "$1" ERR "$D/e"; fi; }
# sl SEQ TARGET PATH: makes a symbolic link, replacing a file or link already there.
sl() { if ln -sfn -- "$2" "$3" 2>"$D/e"; then r "$1 OK"; else f "$1" ERR "$D/e"; fi; }
m=
for t in base64 cat chmod dd env head ln mkdir mkfifo mktemp mv readlink rm rmdir sha256sum stat stty tee; do
  command -v "$t" >/dev/null 2>&1 || m="$m$t,"
done
if [ -z "$D" ]; then m="${m}mktemp -d,"; elif ! mkfifo "$D/0" "$D/1" "$D/2" 2>/dev/null; then m="${m}mkfifo in $D,"; fi
r "0 ready 1 ${m:-none}"
