import { useTranslation } from 'react-i18next';
import { Face } from '../components/Face';

/** The same thank-you whatever the face: nobody watching learns the citizen's choice. */
export function ThanksScreen() {
  const { t } = useTranslation();
  return (
    <section className="screen thanks" data-testid="thanks">
      <Face score={3} size={160} />
      <h1>{t('thanks.title')}</h1>
      <p className="lead">{t('thanks.body')}</p>
    </section>
  );
}
