import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/QueryState';

const MunicipalityQuery = graphql(`
  query ControllerMunicipality($code: String!) {
    municipality(code: $code) {
      code
      name
      province
      population
    }
  }
`);

/** The controller's start page: its own municipality's entitlement and tranches. */
export function MunicipalityOverview() {
  const { code = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: MunicipalityQuery, variables: { code } });
  const m = data?.municipality;
  return (
    <>
      <PageTitle title={m ? m.name : code}>{m ? `${m.name} (${m.code})` : code}</PageTitle>
      <QueryState fetching={fetching} error={error}>
        {m ? (
          <p className="muted">
            {m.province} · {m.population.toLocaleString('nl-NL')} inhabitants
          </p>
        ) : null}
      </QueryState>
    </>
  );
}
