import { readEventFile } from './event-file.reader';

describe('readEventFile', () => {
  it('reads CSV with file line numbers (header = line 1) and empty cells as absent', () => {
    const csv =
      'eventId,personId,type,date,municipalityCode,source,sourceRecordedAt\n' +
      'e1,p-00000001,HOUSED,2026-01-01,GM0363,COA,2026-01-02T00:00:00Z\n\n' +
      'e2,p-00000001,HOUSED,2026-01-01,,COA,2026-01-02T00:00:00Z\n';
    const f = readEventFile('x.csv', csv);
    expect(f.lines).toEqual([2, 4]);
    expect(f.events[1]).not.toHaveProperty('municipalityCode');
  });

  it('reads NDJSON and reports a line that is not a JSON object', () => {
    const f = readEventFile('x.ndjson', '{"eventId":"e1"}\n\n[1]\n{bad\n');
    expect(f.lines).toEqual([1]);
    expect(f.errors.map((e) => e.line)).toEqual([3, 4]);
  });
});
