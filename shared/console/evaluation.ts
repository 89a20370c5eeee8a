/**
 * The evaluation report's downloads (`/api/console/v1/reports/…/evaluation`): the period, as every
 * report page's, and the format. The console imports types only. Docs: docs/evaluation.md.
 */
import { z } from 'zod';
import { PeriodQuerySchema } from './api';

export const EVALUATION_FORMATS = ['pdf', 'xlsx'] as const;
export type EvaluationFormat = (typeof EVALUATION_FORMATS)[number];

export const EvaluationQuerySchema = PeriodQuerySchema.and(z.object({ format: z.enum(EVALUATION_FORMATS) }));
export type EvaluationQuery = z.output<typeof EvaluationQuerySchema>;
