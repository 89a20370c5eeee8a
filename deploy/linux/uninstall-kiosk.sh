#!/bin/bash
# Undoes install-kiosk.sh (docs/deploy.en.md): the kiosk units, the logind and console settings,
# sleep allowed again, a login prompt on tty1. The kiosk user, its data (~nucuoi/.config/Nụ cười:
# unsent ratings) and /etc/nu-cuoi stay unless --purge is given; the app's deb stays (apt remove nu-cuoi).
# Run as root: sudo ./uninstall-kiosk.sh [--user nucuoi] [--purge]
set -euo pipefail
user=nucuoi
purge=no
while [ $# -gt 0 ]; do
  case "$1" in
    --user) user=${2:?--user needs a name}; shift 2 ;;
    --purge) purge=yes; shift ;;
    *) echo "usage: $0 [--user <name>] [--purge]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "run as root (sudo)" >&2; exit 1; }

systemctl disable --now --quiet nu-cuoi-kiosk.service nu-cuoi-update.path 2>/dev/null || true
rm -f /etc/systemd/system/nu-cuoi-kiosk.service /etc/systemd/system/nu-cuoi-update.path /etc/systemd/system/nu-cuoi-update.service
rm -f /etc/systemd/logind.conf.d/nu-cuoi-kiosk.conf /usr/lib/nu-cuoi/deploy
rmdir /usr/lib/nu-cuoi 2>/dev/null || true
systemctl unmask --quiet sleep.target suspend.target hibernate.target hybrid-sleep.target
if [ -f /etc/default/grub.d/nu-cuoi-kiosk.cfg ]; then
  rm -f /etc/default/grub.d/nu-cuoi-kiosk.cfg
  command -v update-grub > /dev/null && update-grub > /dev/null 2>&1 || true
fi
systemctl daemon-reload
systemctl enable --quiet getty@tty1.service || true
if [ "$purge" = yes ]; then
  rm -rf /etc/nu-cuoi /var/lib/nu-cuoi
  id "$user" > /dev/null 2>&1 && userdel --remove "$user"
  getent group nu-cuoi-updates > /dev/null && groupdel nu-cuoi-updates
fi
echo "kiosk lockdown removed; reboot for a normal login on tty1"
