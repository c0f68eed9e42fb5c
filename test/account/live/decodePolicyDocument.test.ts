import { describe, expect, it } from 'vitest';
import { decodePolicyDocument } from '../../../shared/account/live/decodePolicyDocument.ts';

describe('decodePolicyDocument', () => {
  it.each([
    ['URL-encoded JSON as IAM returns it', '%7B%22Version%22%3A%222012-10-17%22%7D', '{"Version":"2012-10-17"}'],
    ['encoded spaces and newlines', '%7B%0A%20%20%22Sid%22%3A%20%22a%20b%22%7D', '{\n  "Sid": "a b"}'],
    ['a literal + stays a + (not form decoding)', '%7B%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Aa+b%22%7D', '{"Resource":"arn:aws:s3:::a+b"}'],
    ['an encoded + becomes a +', '%7B%22Resource%22%3A%22a%2Bb%22%7D', '{"Resource":"a+b"}'],
    ['already decoded JSON is left alone (never decoded twice)', '{"Sid":"100%25 sure"}', '{"Sid":"100%25 sure"}'],
    ['already decoded JSON with leading whitespace', '  \n{"Version":"2012-10-17"}', '  \n{"Version":"2012-10-17"}'],
    ['malformed percent-encoding is kept for the parser to report', '%7B%ZZ', '%7B%ZZ'],
  ])('%s', (_, input, expected) => {
    expect(decodePolicyDocument(input)).toBe(expected);
  });
});
