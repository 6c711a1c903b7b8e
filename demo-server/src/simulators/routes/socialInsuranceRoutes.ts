/**
 * Social insurance (CSDL BHXH):
 *   POST /bhxh/verify {bhxhCode, idNumber, fullName, dateOfBirth} → {match}
 * All four must match the insured person's record; a mismatch never says which field differed.
 */
import type { FastifyInstance } from 'fastify';
import { SIMULATED_CITIZENS } from '../data/simulatedCitizens.js';
import { faultFor, MAGIC_BHXH } from '../magicValues.js';
import {
  DATE_SCHEMA,
  FULL_NAME_SCHEMA,
  ID_NUMBER_SCHEMA,
  parseVietnameseDate,
  sameName,
} from '../registryMatching.js';
import type { SimulatedFaults } from '../simulatedFaults.js';
import { sendError } from '../simulatorErrors.js';

export async function socialInsuranceRoutes(
  app: FastifyInstance,
  opts: { faults: SimulatedFaults },
): Promise<void> {
  app.post<{ Body: { bhxhCode: string; idNumber: string; fullName: string; dateOfBirth: string } }>(
    '/bhxh/verify',
    {
      schema: {
        body: {
          type: 'object',
          required: ['bhxhCode', 'idNumber', 'fullName', 'dateOfBirth'],
          properties: {
            bhxhCode: { type: 'string', pattern: '^\\d{10}$' },
            idNumber: ID_NUMBER_SCHEMA,
            fullName: FULL_NAME_SCHEMA,
            dateOfBirth: DATE_SCHEMA,
          },
        },
      },
    },
    async (request, reply) => {
      const { bhxhCode, idNumber, fullName, dateOfBirth } = request.body;
      const birth = parseVietnameseDate(dateOfBirth);
      if (!birth) return sendError(reply, 'INVALID_REQUEST', 'dateOfBirth dd/mm/yyyy');
      const fault = faultFor(bhxhCode, MAGIC_BHXH);
      if (fault) return opts.faults.reply(fault, reply);
      const insured = SIMULATED_CITIZENS.find((c) => c.bhxhCode === bhxhCode);
      const match =
        insured !== undefined &&
        (insured.cccd === idNumber || insured.cmnd === idNumber) &&
        insured.birthDate === birth &&
        sameName(insured.fullName, fullName);
      return { match };
    },
  );
}
