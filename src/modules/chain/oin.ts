/**
 * The OIN of a municipality in the chain (decision 1502). The real register holds each
 * municipality's OIN (`00000001` + its RSIN + `000`); the engine's municipality register has no
 * RSINs, so the engine derives one deterministically from the CBS code: `00000001` + `00000` + the
 * four digits + `000`. A deployment that receives real traffic maps the real OINs onto these at the
 * gateway, or replaces these two functions with a register lookup.
 */
export function oinForMunicipality(code: string): string {
  const m = /^GM(\d{4})$/.exec(code);
  if (!m) {
    throw new Error(`not a municipality code: ${code}`);
  }
  return `0000000100000${m[1] as string}000`;
}

/** The municipality code an OIN stands for, or null when it is not a municipality's. */
export function municipalityForOin(oin: string): string | null {
  const m = /^0000000100000(\d{4})000$/.exec(oin);
  return m ? `GM${m[1] as string}` : null;
}
