// Feedback evidence files. Scope comes from the ticket service (`get` throws 404 outside the caller's
// scope); a department handler may attach only to an assignment of their own unit subtree.
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { AppError, forbidden, notFound, validation } from '../../lib/errors';
import type { Pii } from '../../lib/pii';
import { idParam, parse } from '../../lib/validate';
import type { AuditWriter } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import { scopePathOf, type TicketService } from '../tickets/service';
import { ATTACHMENT_PURPOSES, detectType, isAttachmentType, parseFileName, storedFileName } from './domain';
import type { AttachmentMeta, AttachmentRepository } from './repository';

const uploadQuery = z.object({
  assignmentId: idParam.optional(),
  purpose: z.enum(ATTACHMENT_PURPOSES).default('feedback'),
});
const listQuery = z.object({ assignmentId: idParam.optional() });

export interface UploadRequest {
  query: unknown;
  fileNameHeader: string | undefined;
  body: unknown;
  ip: string | null;
}

export function presentAttachment(a: AttachmentMeta) {
  return {
    id: a.id,
    ticketId: a.ticketId,
    assignmentId: a.assignmentId,
    purpose: a.purpose,
    // rows stored before names were made to match their type get the same treatment on the way out
    fileName: isAttachmentType(a.contentType) ? storedFileName(a.fileName, a.contentType) : a.fileName,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    uploadedBy: a.uploadedBy ? { id: a.uploadedBy, displayName: a.uploadedByName } : null,
    uploadedAt: a.uploadedAt.toISOString(),
  };
}

export function createAttachmentService(deps: {
  db: Db;
  repo: AttachmentRepository;
  tickets: TicketService;
  audit: AuditWriter;
  pii: Pii;
  clock: () => Date;
}) {
  const { db, repo, tickets, audit, pii, clock } = deps;

  return {
    async upload(user: SessionUser, ticketId: number, req: UploadRequest) {
      const q = parse(uploadQuery, req.query);
      const { ticket } = await tickets.get(user, ticketId);
      const scope = scopePathOf(user);
      if (scope && !q.assignmentId) throw validation({ assignmentId: 'Required' });
      if (q.purpose === 'feedback' && !q.assignmentId) throw validation({ assignmentId: 'Required for feedback' });
      if (q.assignmentId) {
        const a = await repo.assignmentOf(db, ticketId, q.assignmentId);
        if (!a) throw validation({ assignmentId: 'Not an assignment of this ticket' });
        if (scope && !a.unitPath.startsWith(scope)) throw forbidden('This assignment belongs to another unit');
      }
      if (ticket.status === 'closed' || ticket.status === 'merged')
        throw new AppError('INVALID_TRANSITION', `Cannot attach files to a ${ticket.status} ticket`);

      const name = parseFileName(req.fileNameHeader);
      if (!name.ok) throw validation({ fileName: name.error });
      const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (data.length === 0) throw validation({ file: 'The file is empty' });
      // The bytes decide the type and the stored name follows it: `x.html` holding a PDF is kept and served
      // as `x.pdf`, application/pdf; bytes of no accepted type are refused whatever the name or header say.
      const type = detectType(data);
      if (!type)
        throw validation({ file: 'Only JPEG, PNG, WebP images and PDF files are accepted' }, 'Unsupported file type');
      const fileName = storedFileName(name.name, type);

      const now = clock();
      const sha256 = crypto.createHash('sha256').update(data).digest('hex');
      const saved = await db.transaction(async (tx) => {
        const row = await repo.insert(tx, {
          ticketId,
          assignmentId: q.assignmentId ?? null,
          purpose: q.purpose,
          fileName,
          contentType: type,
          size: data.length,
          sha256,
          dataEnc: pii.encryptBytes(data),
          uploadedBy: user.id,
          uploadedAt: now,
        });
        await audit.write(
          {
            actorId: user.id,
            actorIp: req.ip,
            entityType: 'attachment',
            entityId: String(row.id),
            ticketId,
            action: 'attachment.upload',
            at: now,
            after: {
              fileName: row.fileName,
              contentType: type,
              size: row.size,
              sha256,
              purpose: q.purpose,
              assignmentId: row.assignmentId,
            },
          },
          tx,
        );
        return row;
      });
      return presentAttachment(saved);
    },

    async list(user: SessionUser, ticketId: number, query: unknown) {
      const q = parse(listQuery, query);
      await tickets.get(user, ticketId);
      return (await repo.listOfTicket(db, ticketId, q.assignmentId)).map(presentAttachment);
    },

    /** The plaintext file. Like a personal-data reveal, every download is audited. */
    async download(user: SessionUser, id: number, ip: string | null) {
      const meta = await repo.findMeta(db, id);
      if (!meta) throw notFound('Attachment');
      try {
        await tickets.get(user, meta.ticketId);
      } catch (e) {
        // outside the caller's scope the attachment does not exist either
        if (e instanceof AppError && e.code === 'NOT_FOUND') throw notFound('Attachment');
        throw e;
      }
      const enc = await repo.dataOf(db, id);
      if (!enc) throw notFound('Attachment');
      const data = pii.decryptBytes(enc);
      await audit.write({
        actorId: user.id,
        actorIp: ip,
        entityType: 'attachment',
        entityId: String(id),
        ticketId: meta.ticketId,
        action: 'attachment.download',
        data: { fileName: meta.fileName, contentType: meta.contentType, size: meta.size },
      });
      return { meta: presentAttachment(meta), data };
    },
  };
}
export type AttachmentService = ReturnType<typeof createAttachmentService>;
