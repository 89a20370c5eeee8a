#!/bin/bash
# Makes a Debian/Ubuntu PC a locked-down Nụ cười kiosk (docs/deploy.en.md "Preparing a Linux kiosk"),
# after the app's deb is installed (apt install ./nu-cuoi-<version>-linux-amd64.deb):
#   - the unprivileged user nucuoi (no password, no sudo) that runs the kiosk;
#   - the machine provisioning file (/etc/nu-cuoi/provisioning.json: server, enrolment code,
#     release key) and the update folders (/var/lib/nu-cuoi/updates, inbox writable by nucuoi);
#   - nu-cuoi-kiosk.service: cage on tty1 as nucuoi, logged in automatically, restarted on exit;
#   - nu-cuoi-update.path and .service: the install helper for verified updates;
#   - no sleep, suspend or idle action (logind), console blanking off (consoleblank=0);
#   - the graphical target by default, and no login prompt on tty1.
# Run as root: sudo ./install-kiosk.sh --provisioning <file> [--user nucuoi]
# Undo: sudo ./uninstall-kiosk.sh. Safe to run again (after an update of its units, for instance).
set -euo pipefail

user=nucuoi
provisioning=
while [ $# -gt 0 ]; do
  case "$1" in
    --provisioning) provisioning=${2:?--provisioning needs a file}; shift 2 ;;
    --user) user=${2:?--user needs a name}; shift 2 ;;
    *) echo "usage: $0 --provisioning <file> [--user <name>]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "run as root (sudo)" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
app_deploy="/opt/Nụ cười/resources/deploy/linux"
[ -x /usr/bin/nu-cuoi ] || { echo "install the nu-cuoi deb first (apt install ./nu-cuoi-<version>-linux-amd64.deb)" >&2; exit 1; }
command -v cage > /dev/null || { echo "cage is missing: apt install cage xwayland" >&2; exit 1; }
command -v openssl > /dev/null || { echo "openssl is missing: apt install openssl" >&2; exit 1; }

# The kiosk's account: no password (it cannot be logged into), in the groups that give it the
# screen, the touch screen, sound and the update inbox.
getent group nu-cuoi-updates > /dev/null || groupadd --system nu-cuoi-updates
if ! id "$user" > /dev/null 2>&1; then
  useradd --create-home --shell /usr/sbin/nologin --comment "Nụ cười kiosk" "$user"
  passwd --lock "$user" > /dev/null
fi
for group in video render input audio nu-cuoi-updates; do
  getent group "$group" > /dev/null && usermod --append --groups "$group" "$user"
done

# Machine folders (electron/main/machine-folders.ts).
install -d -m 0755 -o root -g root /etc/nu-cuoi /var/lib/nu-cuoi /var/lib/nu-cuoi/updates
install -d -m 2770 -o root -g nu-cuoi-updates /var/lib/nu-cuoi/updates/inbox
if [ -n "$provisioning" ]; then
  install -m 0640 -o root -g "$user" "$provisioning" /etc/nu-cuoi/provisioning.json
elif [ ! -f /etc/nu-cuoi/provisioning.json ]; then
  echo "warning: no provisioning file: the kiosk will not enrol or accept updates until one is placed in /etc/nu-cuoi/provisioning.json" >&2
fi

# The units run the helper of the installed version through this link (ASCII path for systemd).
install -d -m 0755 /usr/lib/nu-cuoi
ln -sfn "$app_deploy" /usr/lib/nu-cuoi/deploy
for unit in nu-cuoi-kiosk.service nu-cuoi-update.path nu-cuoi-update.service; do
  install -m 0644 "$here/$unit" "/etc/systemd/system/$unit"
done
sed -i "s/^User=nucuoi$/User=$user/" /etc/systemd/system/nu-cuoi-kiosk.service
install -d -m 0755 /etc/systemd/logind.conf.d
install -m 0644 "$here/logind-kiosk.conf" /etc/systemd/logind.conf.d/nu-cuoi-kiosk.conf

# Never sleep; no console blanking before or after cage owns the screen.
systemctl mask --quiet sleep.target suspend.target hibernate.target hybrid-sleep.target
if [ -d /etc/default/grub.d ] || [ -f /etc/default/grub ]; then
  install -d -m 0755 /etc/default/grub.d
  echo 'GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT consoleblank=0"' > /etc/default/grub.d/nu-cuoi-kiosk.cfg
  command -v update-grub > /dev/null && update-grub > /dev/null 2>&1 || true
fi

systemctl daemon-reload
systemctl disable --quiet getty@tty1.service || true
systemctl set-default graphical.target > /dev/null
systemctl enable --quiet nu-cuoi-update.path nu-cuoi-kiosk.service
echo "kiosk prepared for $user: reboot to start it (or: systemctl start nu-cuoi-update.path nu-cuoi-kiosk.service)"
