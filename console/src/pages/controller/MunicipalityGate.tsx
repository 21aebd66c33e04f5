import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/QueryState';
import './controller.css';

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

export interface GatedMunicipality {
  code: string;
  name: string;
  province: string;
  population: number;
}

/**
 * Every controller page starts here: the code from the URL goes to the API as typed, and nothing
 * else of the page is queried or shown unless the API hands out that municipality. Another
 * municipality's code gets the API's refusal (FORBIDDEN) and only that.
 */
export function MunicipalityGate({ page, children }: { page: string; children: (m: GatedMunicipality) => ReactNode }) {
  const { code = '' } = useParams();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: MunicipalityQuery, variables: { code } });
  const m = data?.municipality;
  // The heading only ever shows what the API returned, or the code as typed.
  const label = m ? `${m.name} (${m.code})` : code;
  return (
    <>
      <PageTitle title={`${page} · ${m ? m.name : code}`}>
        {page}
        <span className="ctl-subtitle"> · {label}</span>
      </PageTitle>
      <QueryState fetching={fetching} error={error} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {m && m.code === code ? children(m) : null}
      </QueryState>
    </>
  );
}
