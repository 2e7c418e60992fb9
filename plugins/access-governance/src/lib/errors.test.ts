import { ResponseError } from '@backstage/errors';
import { responseError } from '../__testUtils__/responses';
import { fieldError } from './errors';

describe('fieldError', () => {
  it('finds the field a 400 names first', async () => {
    const error = await responseError(
      400,
      'InputError',
      'duration: PT48H is longer than the role allows (PT24H)',
    );
    expect(ResponseError.is(error)).toBe(true);
    expect(fieldError(error, ['duration', 'justification'])).toEqual({
      field: 'duration',
      message: 'PT48H is longer than the role allows (PT24H)',
    });
    expect(fieldError(error, ['justification'])).toBeUndefined();
    const forbidden = await responseError(
      403,
      'NotAllowedError',
      'duration: x',
    );
    expect(fieldError(forbidden, ['duration'])).toBeUndefined();
  });
});
