import { useParams } from 'react-router';
import { Chain } from '../chain/Chain';

/** The chain page for a controller: its own municipality's timeliness, delivery and endpoint (the API refuses another's). */
export function ControllerChain() {
  const { code = '' } = useParams();
  return <Chain role="controller" municipalityCode={code} />;
}
