#!/bin/sh
# Installs the packaged agent (target/quarkus-app) on a device, or removes it. Safe to run again: program
# files and the unit are replaced, configuration the operator may have edited is left alone.
#
#   deploy/install.sh [--prefix /opt/outpost] [--sysconfdir DIR] [--unitdir DIR] [--app DIR] [--no-user]
#   deploy/install.sh --uninstall [--purge] [same options]
#
# Layout (defaults; with another --prefix, config goes to PREFIX/etc and the unit to PREFIX/systemd):
#   /opt/outpost/lib/            quarkus-run.jar, lib/, app/, quarkus/ (WorkingDirectory of the unit)
#   /opt/outpost/bin/outpost     launcher (ExecStart)
#   /etc/outpost/                outpost.env (EnvironmentFile), application.properties, api-token
#   /etc/systemd/system/outpost.service
#   /var/lib/outpost/            data: created by systemd (StateDirectory), never touched here
# --uninstall removes the program files and the unit, keeping configuration and data; --purge also
# removes the configuration.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DEFAULT_PREFIX=/opt/outpost
PREFIX=$DEFAULT_PREFIX
SYSCONFDIR=
UNITDIR=
APP=$HERE/../target/quarkus-app
USER_NAME=outpost
CREATE_USER=yes
MODE=install
PURGE=no

die() { echo "install.sh: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) PREFIX=${2:?}; shift ;;
    --prefix=*) PREFIX=${1#*=} ;;
    --sysconfdir) SYSCONFDIR=${2:?}; shift ;;
    --unitdir) UNITDIR=${2:?}; shift ;;
    --app) APP=${2:?}; shift ;;
    --no-user) CREATE_USER=no ;;
    --uninstall) MODE=uninstall ;;
    --purge) PURGE=yes ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done
case $PREFIX in /*) ;; *) die "--prefix must be an absolute path" ;; esac
PREFIX=${PREFIX%/}
if [ "$PREFIX" = "$DEFAULT_PREFIX" ]; then
  SYSCONFDIR=${SYSCONFDIR:-/etc/outpost}; UNITDIR=${UNITDIR:-/etc/systemd/system}
else
  SYSCONFDIR=${SYSCONFDIR:-$PREFIX/etc}; UNITDIR=${UNITDIR:-$PREFIX/systemd}
fi
UNIT=$UNITDIR/outpost.service
# Only a real system install talks to systemd; a staging prefix must not.
SYSTEMD=no
if [ "$UNITDIR" = /etc/systemd/system ] && [ -d /run/systemd/system ] && [ "$(id -u)" -eq 0 ]; then SYSTEMD=yes; fi

render() { # template target mode: fills in the paths, writes atomically
  sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@SYSCONFDIR@|$SYSCONFDIR|g" "$1" > "$2.tmp"
  chmod "$3" "$2.tmp"
  mv -f "$2.tmp" "$2"
}
keep_or_render() { # config: written once, edits survive reinstalls and upgrades
  if [ -e "$2" ]; then echo "kept $2"; else render "$1" "$2" "$3"; echo "wrote $2"; fi
}

if [ "$MODE" = uninstall ]; then
  if [ "$SYSTEMD" = yes ]; then systemctl disable --now outpost.service 2>/dev/null || true; fi
  rm -f "$UNIT"
  rm -rf "$PREFIX/lib" "$PREFIX/lib.new" "$PREFIX/lib.old"
  rm -f "$PREFIX/bin/outpost" "$PREFIX/README.md"
  if [ "$PURGE" = yes ]; then
    rm -f "$SYSCONFDIR/outpost.env" "$SYSCONFDIR/application.properties" "$SYSCONFDIR/api-token"
    rmdir "$SYSCONFDIR" 2>/dev/null || true
  fi
  for d in "$PREFIX/bin" "$UNITDIR" "$PREFIX"; do
    case $d in /etc/systemd/system) ;; *) rmdir "$d" 2>/dev/null || true ;; esac
  done
  if [ "$SYSTEMD" = yes ]; then systemctl daemon-reload; fi
  echo "removed Outpost from $PREFIX (data in /var/lib/outpost is kept; remove it by hand)"
  exit 0
fi

[ -f "$APP/quarkus-run.jar" ] || die "no packaged agent in $APP (run ./mvnw package -DskipTests first)"
for part in lib app quarkus; do [ -d "$APP/$part" ] || die "$APP/$part missing"; done

GROUP=
if [ "$CREATE_USER" = yes ] && [ "$(id -u)" -eq 0 ]; then
  if ! id "$USER_NAME" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/outpost --no-create-home \
      --shell /usr/sbin/nologin --comment "Outpost agent" "$USER_NAME"
    echo "created system user $USER_NAME"
  fi
  GROUP=$USER_NAME
fi

mkdir -p "$PREFIX/bin" "$SYSCONFDIR" "$UNITDIR"
# The new program tree is built beside the old one and swapped in, so an interrupted upgrade leaves
# a complete tree (old or new) in place. The agent must be restarted to run the new one.
rm -rf "$PREFIX/lib.new" "$PREFIX/lib.old"
mkdir -p "$PREFIX/lib.new"
cp -R "$APP/quarkus-run.jar" "$APP/lib" "$APP/app" "$APP/quarkus" "$PREFIX/lib.new/"
chmod -R u=rwX,go=rX "$PREFIX/lib.new"
if [ -d "$PREFIX/lib" ]; then mv "$PREFIX/lib" "$PREFIX/lib.old"; fi
mv "$PREFIX/lib.new" "$PREFIX/lib"
rm -rf "$PREFIX/lib.old"
render "$HERE/bin/outpost" "$PREFIX/bin/outpost" 0755
if [ -f "$HERE/../README.md" ]; then cp "$HERE/../README.md" "$PREFIX/README.md.tmp" && chmod 0644 "$PREFIX/README.md.tmp" \
  && mv -f "$PREFIX/README.md.tmp" "$PREFIX/README.md"; fi

keep_or_render "$HERE/systemd/outpost.env" "$SYSCONFDIR/outpost.env" 0640
keep_or_render "$HERE/systemd/application.properties" "$SYSCONFDIR/application.properties" 0640
if [ ! -s "$SYSCONFDIR/api-token" ]; then
  (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$SYSCONFDIR/api-token")
  chmod 0640 "$SYSCONFDIR/api-token"
  echo "wrote a random API token to $SYSCONFDIR/api-token"
fi
# The agent reads its configuration as its own group and cannot change it.
if [ -n "$GROUP" ]; then
  chgrp "$GROUP" "$SYSCONFDIR" "$SYSCONFDIR/outpost.env" "$SYSCONFDIR/application.properties" "$SYSCONFDIR/api-token"
  chmod 0750 "$SYSCONFDIR"
fi
render "$HERE/systemd/outpost.service" "$UNIT" 0644

if [ "$SYSTEMD" = yes ]; then
  systemctl daemon-reload
  # An upgrade: a running agent is restarted onto the new program (it migrates its schema at start).
  if systemctl is-active --quiet outpost.service; then systemctl restart outpost.service; echo "restarted outpost"; fi
  echo "installed; start with: systemctl enable --now outpost"
else
  echo "installed under $PREFIX; unit in $UNIT (systemctl link $UNIT to use it)"
fi
