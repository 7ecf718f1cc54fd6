#!/usr/bin/env bash
# Builds the base image Jib puts the jar on, as a `docker save` tarball of one layer: a Java runtime
# linked by jlink from the building JDK, the host's shared libraries it loads, the dynamic loader,
# /etc/passwd and /etc/group naming the user it runs as, /tmp and the data directory, which that
# user owns. No image is pulled, so the build needs neither a Docker daemon nor a registry; the image
# holds the building machine's glibc, so build it on the distribution you would otherwise take a
# base image from (Debian 12 here and in CI).
#
# Usage: image/rootfs.sh JAVA_HOME WORK_DIR UID; writes WORK_DIR/rootfs and WORK_DIR/base.tar.
set -euo pipefail

java_home=$1
work=$(realpath -m "$2")
uid=$3
out=$work/rootfs

# What `jdeps --ignore-missing-deps --multi-release 17 --print-module-deps target/clientele.jar`
# answers, plus what the jar reaches only by name at run time: EC keys for the generated TLS
# certificate (jdk.crypto.ec), DNS for PostgreSQL's host name (jdk.naming.dns), zip file systems, and
# JDK Flight Recorder for diagnosis (jdk.jfr: -XX:StartFlightRecording in JAVA_TOOL_OPTIONS).
modules=java.base,java.compiler,java.desktop,java.instrument,java.naming,java.net.http,java.rmi
modules=$modules,java.scripting,java.security.jgss,java.sql,jdk.management,jdk.net,jdk.unsupported
modules=$modules,jdk.crypto.ec,jdk.naming.dns,jdk.zipfs,jdk.jfr

# java.desktop is there for java.beans (Jackson, Micrometer and Jetty refer to it; H2's console and
# Jetty's leak preventers to java.awt, unused by the server); its native graphics and sound libraries
# are never loaded by a headless server, and they would drag X11 into the image.
graphics='lib(awt|awt_xawt|awt_headless|fontmanager|javajpeg|jawt|jsound|lcms|mlib_image|splashscreen)\.so$'

log() { printf 'image/rootfs.sh: %s\n' "$*"; }

rm -rf "$work"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/var/lib/clientele"
log "linking a Java runtime from $java_home"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$out/opt/java"
find "$out/opt/java/lib" -name '*.so' | grep -E "$graphics" | xargs rm -f

log "copying the shared libraries it loads"
# The JVM finds its own libraries (libjvm.so among them) through its home; ldd is told where.
export LD_LIBRARY_PATH=$out/opt/java/lib/server:$out/opt/java/lib
libraries=$(find "$out/opt/java" -name '*.so' -print0 | xargs -0 ldd "$out/opt/java/bin/java" 2>/dev/null |
  awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' | sort -u)
for library in $libraries; do
  case $library in "$out"/*) continue ;; esac
  mkdir -p "$out$(dirname "$library")"
  cp -L "$library" "$out$library"
done
missing=$(find "$out/opt/java" -name '*.so' -print0 | xargs -0 ldd 2>/dev/null | grep 'not found' || true)
if [ -n "$missing" ]; then
  log "libraries not found on this machine: $missing"
  exit 1
fi

# The health probe a container runtime runs (compose's healthcheck): the image has no shell or curl.
"$java_home/bin/javac" --release 17 -d "$out/opt/clientele/healthcheck" \
  "$(dirname "$0")/healthcheck/HealthCheck.java"

printf 'root:x:0:0:root:/root:/sbin/nologin\nclientele:x:%s:%s:Clientele:/var/lib/clientele:/sbin/nologin\n' \
  "$uid" "$uid" >"$out/etc/passwd"
printf 'root:x:0:\nclientele:x:%s:\n' "$uid" >"$out/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$out/etc/nsswitch.conf"
chmod 1777 "$out/tmp"
chmod 700 "$out/var/lib/clientele"

# One layer, the same bytes for the same inputs: sorted, fixed times, numeric owners; everything is
# root's but the data directory, which is the server's (a volume created from it inherits that).
layer=$work/layer.tar
common=(--sort=name --mtime=@0 --numeric-owner --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime)
tar "${common[@]}" --owner=0 --group=0 --exclude=./var/lib/clientele -C "$out" -cf "$layer" .
tar "${common[@]}" --owner="$uid" --group="$uid" --no-recursion -C "$out" -rf "$layer" ./var/lib/clientele
diff_id=$(sha256sum "$layer" | cut -d' ' -f1)
base=$work/base
mkdir -p "$base"
mv "$layer" "$base/layer.tar"
case $(uname -m) in
  x86_64) architecture=amd64 ;;
  aarch64) architecture=arm64 ;;
  *) architecture=$(uname -m) ;;
esac
printf '{"architecture":"%s","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$architecture" "$diff_id" >"$base/config.json"
printf '[{"Config":"config.json","RepoTags":["clientele-base:local"],"Layers":["layer.tar"]}]' >"$base/manifest.json"
tar --sort=name --mtime=@0 --numeric-owner --owner=0 --group=0 -C "$base" -cf "$work/base.tar" \
  manifest.json config.json layer.tar
rm -rf "$base"
log "done: $work/base.tar, $(du -sh "$work/base.tar" | cut -f1)"
