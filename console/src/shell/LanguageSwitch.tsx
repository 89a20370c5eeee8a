import { useTranslation } from 'react-i18next';
import { chooseLanguage } from '../i18n';

/** Switches between Vietnamese and English, labelled in the language it switches to; remembered on this computer. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'vi' ? 'en' : 'vi';
  return (
    <button type="button" className="language-switch" onClick={() => chooseLanguage(other)} lang={other} data-testid="language-switch">
      {t('language.switchTo')}
    </button>
  );
}
