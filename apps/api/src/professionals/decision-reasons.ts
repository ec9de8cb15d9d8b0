import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, IsArray } from 'class-validator';
import { FreeText } from '../http/text-validators';

/** The reasons of a decision: up to 20 texts. */
export function DecisionReasons() {
  return applyDecorators(IsArray(), ArrayMaxSize(20), FreeText(2000, { each: true }));
}
