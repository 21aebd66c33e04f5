import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/Layout';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle title={t('notFound.title')}>{t('notFound.heading')}</PageTitle>
      <p>
        {t('notFound.text')} <Link to="/">{t('notFound.home')}</Link>.
      </p>
    </>
  );
}
