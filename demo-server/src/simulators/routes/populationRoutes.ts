/**
 * The national population database (CSDL quốc gia về dân cư):
 *   POST /population/verify            {idNumber, fullName, dateOfBirth} → {match}
 *   GET  /population/citizens/:idNumber → the citizen's record, or 404
 * A mismatch never says which field differed.
 */
import type { FastifyInstance } from 'fastify';
import {
  findCitizen,
  formatVietnameseDate,
  permanentAddress,
  type SimulatedCitizen,
} from '../data/simulatedCitizens.js';
import { faultFor, MAGIC_ID } from '../magicValues.js';
import {
  DATE_SCHEMA,
  FULL_NAME_SCHEMA,
  ID_NUMBER_SCHEMA,
  parseVietnameseDate,
  sameName,
} from '../registryMatching.js';
import type { SimulatedFaults } from '../simulatedFaults.js';
import { sendError } from '../simulatorErrors.js';

export interface PopulationRecord {
  cccd: string;
  cmnd?: string;
  cardType: 'CCCD' | 'CMND';
  fullName: string;
  /** dd/mm/yyyy */
  dateOfBirth: string;
  gender: 'male' | 'female';
  placeOfOrigin: string;
  permanentAddress: string;
  phone?: string;
  email?: string;
}

export function populationRecord(c: SimulatedCitizen): PopulationRecord {
  return {
    cccd: c.cccd,
    ...(c.cmnd ? { cmnd: c.cmnd } : {}),
    cardType: c.cardType,
    fullName: c.fullName,
    dateOfBirth: formatVietnameseDate(c.birthDate),
    gender: c.gender,
    placeOfOrigin: c.placeOfOrigin,
    permanentAddress: permanentAddress(c),
    ...(c.phone ? { phone: c.phone } : {}),
    ...(c.email ? { email: c.email } : {}),
  };
}

export async function populationRoutes(
  app: FastifyInstance,
  opts: { faults: SimulatedFaults },
): Promise<void> {
  app.post<{ Body: { idNumber: string; fullName: string; dateOfBirth: string } }>(
    '/population/verify',
    {
      schema: {
        body: {
          type: 'object',
          required: ['idNumber', 'fullName', 'dateOfBirth'],
          properties: { idNumber: ID_NUMBER_SCHEMA, fullName: FULL_NAME_SCHEMA, dateOfBirth: DATE_SCHEMA },
        },
      },
    },
    async (request, reply) => {
      const { idNumber, fullName, dateOfBirth } = request.body;
      const birth = parseVietnameseDate(dateOfBirth);
      if (!birth) return sendError(reply, 'INVALID_REQUEST', 'dateOfBirth dd/mm/yyyy');
      const fault = faultFor(idNumber, MAGIC_ID);
      if (fault) return opts.faults.reply(fault, reply);
      const c = findCitizen(idNumber);
      return { match: c !== undefined && c.birthDate === birth && sameName(c.fullName, fullName) };
    },
  );

  app.get<{ Params: { idNumber: string } }>(
    '/population/citizens/:idNumber',
    { schema: { params: { type: 'object', properties: { idNumber: ID_NUMBER_SCHEMA } } } },
    async (request, reply) => {
      const { idNumber } = request.params;
      const fault = faultFor(idNumber, MAGIC_ID);
      if (fault) return opts.faults.reply(fault, reply);
      const c = findCitizen(idNumber);
      if (!c) return sendError(reply, 'CITIZEN_NOT_FOUND');
      return populationRecord(c);
    },
  );
}
