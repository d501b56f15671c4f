import { describe, expect, it } from 'vitest';
import { EurostatHttpError, eurostatMessage, TransientError } from '../../../lib/eurostat/fetch/errors.ts';

describe('eurostatMessage: Eurostat’s own words from an error body', () => {
  it('reads the JSON error label', () => {
    expect(
      eurostatMessage('{"error":{"status":400,"id":140,"label":"Syntax error: unknown dimension"}}'),
    ).toBe('Syntax error: unknown dimension');
  });

  it('reads a JSON array of errors', () => {
    expect(eurostatMessage('{"error":[{"status":404,"label":"a"},{"status":404,"label":"b"}]}')).toBe('a; b');
  });

  it('reads the SDMX-ML ErrorMessage text', () => {
    expect(
      eurostatMessage(
        '<S:Error xmlns:S="x" xmlns:com="y"><S:ErrorMessage code="100"><com:Text>No results found</com:Text></S:ErrorMessage></S:Error>',
      ),
    ).toBe('No results found');
  });

  it('reads the SOAP faultstring (413 EXTRACTION_TOO_BIG)', () => {
    expect(
      eurostatMessage(
        '<S:Fault><faultcode>413</faultcode><faultstring>EXTRACTION_TOO_BIG: too big</faultstring></S:Fault>',
      ),
    ).toBe('EXTRACTION_TOO_BIG: too big');
  });

  it('reads plain text, whitespace collapsed, cut at 300 characters', () => {
    expect(eurostatMessage(`  Bad\n  gateway ${'x'.repeat(400)}`)).toHaveLength(300);
    expect(eurostatMessage('  Bad\n  gateway ')).toBe('Bad gateway');
  });

  it('gives nothing for an empty body', () => {
    expect(eurostatMessage('')).toBeUndefined();
  });
});

describe('the error classes', () => {
  it('TransientError is named exactly TransientError (the state machine retries on that name)', () => {
    const e = new TransientError('Eurostat had a server error', {
      dataset: 'd',
      url: 'http://u',
      status: 503,
    });
    expect(e.name).toBe('TransientError');
    expect(e).toBeInstanceOf(Error);
  });

  it('messages name the dataset, the URL, the status and Eurostat’s message', () => {
    const e = new EurostatHttpError('Eurostat refused the request', {
      dataset: 'lfsa_egan22d',
      url: 'http://u/x',
      status: 404,
      eurostatMessage: 'No results found',
    });
    expect(e.message).toBe(
      'lfsa_egan22d: Eurostat refused the request (GET http://u/x answered HTTP 404; Eurostat says: No results found)',
    );
  });
});
