import { expectTypeOf, test } from 'vitest';
import type { z } from 'zod';
import type { BatchSchema, WireBatch, WireEvent } from '../../src/server/wire-schema';

test('the documented wire types are what the collector schema infers', () => {
  expectTypeOf<WireBatch>().toEqualTypeOf<z.infer<BatchSchema>>();
  expectTypeOf<WireEvent>().toEqualTypeOf<z.infer<BatchSchema>['events'][number]>();
});
