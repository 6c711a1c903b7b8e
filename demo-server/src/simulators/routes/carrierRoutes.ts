/**
 * The mobile carriers (Viettel, VinaPhone, MobiFone), one gateway:
 *   POST /carriers/subscriber {phone} → {phone, carrier, ownerIdNumber, ownerIdType, chinhChu} or 404
 */
import type { FastifyInstance } from 'fastify';
import { findSubscriber } from '../data/mobileSubscribers.js';
import { carrierOf, toDomesticPhone } from '../data/phoneNumbers.js';
import { faultFor, MAGIC_PHONE } from '../magicValues.js';
import type { SimulatedFaults } from '../simulatedFaults.js';
import { sendError } from '../simulatorErrors.js';

export async function carrierRoutes(app: FastifyInstance, opts: { faults: SimulatedFaults }): Promise<void> {
  app.post<{ Body: { phone: string } }>(
    '/carriers/subscriber',
    {
      schema: {
        body: {
          type: 'object',
          required: ['phone'],
          properties: { phone: { type: 'string', minLength: 1, maxLength: 20 } },
        },
      },
    },
    async (request, reply) => {
      const phone = toDomesticPhone(request.body.phone);
      if (!phone) return sendError(reply, 'INVALID_REQUEST', 'phone: 0xxxxxxxxx / 84xxxxxxxxx');
      const fault = faultFor(phone, MAGIC_PHONE);
      if (fault) return opts.faults.reply(fault, reply);
      const carrier = carrierOf(phone);
      if (!carrier) return sendError(reply, 'SUBSCRIBER_NOT_FOUND', 'không thuộc Viettel/VinaPhone/MobiFone');
      const s = findSubscriber(phone);
      if (!s) return sendError(reply, 'SUBSCRIBER_NOT_FOUND');
      return {
        phone,
        carrier,
        ownerIdNumber: s.ownerIdNumber,
        ownerIdType: s.ownerIdType,
        chinhChu: s.chinhChu,
      };
    },
  );
}
