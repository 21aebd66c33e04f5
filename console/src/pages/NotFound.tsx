import { Link } from 'react-router';
import { PageTitle } from '../components/Layout';

export function NotFound() {
  return (
    <>
      <PageTitle title="Not found">Page not found</PageTitle>
      <p>
        There is no page at this address. <Link to="/">Go to your start page</Link>.
      </p>
    </>
  );
}
