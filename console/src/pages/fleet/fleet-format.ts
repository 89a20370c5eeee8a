/** How the fleet's figures read: ages, bytes, clock offsets, short versions. */
import type { ConsoleLanguage } from '../../format/numbers';
import { formatCount } from '../../format/numbers';

/** A duration in words (the fleet.age texts of the locales). */
export function formatAge(ms: number, t: (key: string, options: { count: number }) => string): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return t('fleet.age.underMinute', { count: 1 });
  if (minutes < 120) return t('fleet.age.minutes', { count: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t('fleet.age.hours', { count: hours });
  return t('fleet.age.days', { count: Math.round(hours / 24) });
}

export function formatBytes(bytes: number, language: ConsoleLanguage): string {
  const gb = bytes / 1e9;
  if (gb >= 1) return `${gb.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 1 })} GB`;
  return `${formatCount(Math.floor(bytes / 1e6), language)} MB`;
}

export function formatOffset(ms: number, language: ConsoleLanguage): string {
  const seconds = Math.round(ms / 1000);
  const sign = seconds > 0 ? '+' : seconds < 0 ? '−' : '';
  return `${sign}${formatCount(Math.abs(seconds), language)} s`;
}

/** An ETag as a short version people can compare by eye. */
export function shortVersion(etag: string | null): string {
  return etag ? etag.replace(/"/g, '').slice(0, 8) : '–';
}
