import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import vi from './locales/vi.json';

export const resources = { vi: { translation: vi }, en: { translation: en } } as const;

/** Where the console remembers a language the user chose on this computer. */
const CHOSEN_LANGUAGE = 'nu-cuoi-console-language';

function chosenLanguage(): 'vi' | 'en' | null {
  try {
    const stored = window.localStorage.getItem(CHOSEN_LANGUAGE);
    return stored === 'vi' || stored === 'en' ? stored : null;
  } catch {
    return null; // storage refused (private mode, policy): Vietnamese
  }
}

/** Vietnamese first; English when the user chose it here before (or, after sign-in, in the account). */
export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng: chosenLanguage() ?? 'vi',
    fallbackLng: false,
    supportedLngs: ['vi', 'en'],
    interpolation: { escapeValue: false }, // React escapes; text is never rendered as markup
    returnNull: false,
    initImmediate: false,
  } as Parameters<typeof i18next.init>[0]);
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
  });
  return i18next;
}

/** The user switched language: keep it for this computer. */
export function chooseLanguage(language: 'vi' | 'en'): void {
  try {
    window.localStorage.setItem(CHOSEN_LANGUAGE, language);
  } catch {
    // Not remembered; the switch still applies now.
  }
  void i18next.changeLanguage(language);
}

/** After sign-in: the account's language, unless the user chose one on this computer. */
export function applyAccountLanguage(locale: 'vi' | 'en'): void {
  if (chosenLanguage() === null && i18next.language !== locale) void i18next.changeLanguage(locale);
}
