import { useTranslation } from 'react-i18next';

/** The vi/en switch of every screen's top bar: one tap, labelled in the language it switches to. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'vi' ? 'en' : 'vi';
  return (
    <button
      type="button"
      className="language"
      onClick={() => void i18n.changeLanguage(other)}
      data-testid="language-switch"
      aria-label={`${t('topbar.languageLabel')}: ${t('language.switchTo')}`}
      lang={other}
    >
      {t('language.switchTo')}
    </button>
  );
}
