import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import vi from './locales/vi.json';

export const resources = { vi: { translation: vi }, en: { translation: en } } as const;

/** Vietnamese first: every new citizen starts in it; English is the second language. */
export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng: 'vi',
    fallbackLng: false,
    supportedLngs: ['vi', 'en'],
    interpolation: { escapeValue: false }, // React escapes; text is never rendered as markup
    returnNull: false,
    initImmediate: false,
  } as Parameters<typeof i18next.init>[0]);
  return i18next;
}
