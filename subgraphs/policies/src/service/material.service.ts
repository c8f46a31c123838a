/**
 * Materials (申报材料): enterprises upload named files for their own enterprise (base64 in a GraphQL mutation, within
 * the allow-list of types and sizes); staff who handle an application download its files; nobody else. The bytes go
 * to the material store; the graph keeps name, size, type and SHA-256.
 */
import { createHash, randomUUID } from 'node:crypto';
import { assertUuid, BadUserInputError, ForbiddenError, NotFoundError, parseInput, type Principal } from '@qq/kit';
import { z } from 'zod';
import type { Loaders } from '../loaders.ts';
import { allowedType, ALLOWED_TYPES, MAX_MATERIAL_BYTES, startsWith } from '../materials/allowList.ts';
import type { MaterialStorage } from '../materials/storage.ts';
import type { ApplicationStore, MaterialFileRow } from '../store/applications.store.ts';
import { length } from './validation.ts';
import { handler } from './workflows.ts';

const uploadInput = z.object({
  fileName: length(1, 200, '文件名').refine(
    (n) => ![...n].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20),
    'must be a plain file name',
  ),
  contentType: z
    .string()
    .refine(
      (t) => allowedType(t) !== undefined,
      `must be one of ${ALLOWED_TYPES.map((t) => t.contentType).join(', ')} (不支持的文件类型)`,
    ),
  // Base64 of at most the largest allowed file (4 characters per 3 bytes).
  contentBase64: z
    .string()
    .max(Math.ceil(MAX_MATERIAL_BYTES / 3) * 4 + 4, 'is larger than any allowed file')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
});

export interface MaterialContent {
  file: MaterialFileRow;
  contentBase64: string;
}

export class MaterialService {
  constructor(
    private readonly deps: {
      principal: Principal;
      store: ApplicationStore;
      loaders: Loaders;
      storage: () => MaterialStorage;
      now: Date;
    },
  ) {}

  /** 上传材料: an enterprise user stores a file for their own enterprise; it is attached when an application names it. */
  async upload(raw: unknown): Promise<MaterialFileRow> {
    const p = this.deps.principal;
    if (p.role !== 'enterprise' || !p.enterprise || !p.sub) {
      throw new ForbiddenError(
        'Only an enterprise user uploads materials, for its own enterprise (仅企业用户可上传材料).',
      );
    }
    const input = parseInput(uploadInput, raw);
    const type = allowedType(input.contentType)!;
    const bytes = new Uint8Array(Buffer.from(input.contentBase64, 'base64'));
    if (bytes.length === 0) throw new BadUserInputError('input.contentBase64', 'is empty (文件为空)');
    if (bytes.length > type.maxBytes) {
      throw new BadUserInputError(
        'input.contentBase64',
        `is larger than ${type.maxBytes / 1024 / 1024} MiB, the limit for ${type.contentType} (文件过大)`,
      );
    }
    if (!startsWith(bytes, type.magic)) {
      throw new BadUserInputError(
        'input.contentType',
        `the file's content is not ${type.contentType} (文件内容与类型不符)`,
      );
    }
    const id = randomUUID();
    const storageKey = `${p.enterprise}/${id}`;
    await this.deps.storage().put(storageKey, bytes, type.contentType);
    // The row after the bytes: a crash between leaves an unreferenced object, never a row without its file.
    return this.deps.store.insertFile({
      id,
      enterpriseCode: p.enterprise,
      fileName: input.fileName,
      contentType: type.contentType,
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      storageKey,
      uploadedBy: p.sub,
      uploadedAt: new Date(this.deps.now.getTime()),
    });
  }

  /**
   * 下载材料: a file of an application, for the staff who handle it. NOT_FOUND when the application is not visible to
   * the caller or does not list the file; FORBIDDEN for every other caller who can see the application.
   */
  async download(applicationId: string, fileId: string): Promise<MaterialContent> {
    assertUuid(applicationId, 'applicationId');
    assertUuid(fileId, 'fileId');
    const { loaders } = this.deps;
    const application = await loaders.application.load(applicationId);
    if (!application || !application.materials.some((m) => m.fileId === fileId)) {
      throw new NotFoundError('RedemptionMaterial', fileId);
    }
    if (!handler(this.deps.principal, application)) {
      throw new ForbiddenError('Only staff handling the application download its materials (仅承办人员可下载材料).');
    }
    const file = await loaders.materialFile.load(fileId);
    if (!file || file.applicationId !== applicationId || !file.stored) {
      throw new NotFoundError('RedemptionMaterial', fileId);
    }
    const bytes = await this.deps.storage().get(file.storageKey);
    if (!bytes) throw new NotFoundError('RedemptionMaterial', fileId);
    if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) {
      throw new Error(`material ${fileId}: stored bytes do not match their SHA-256`);
    }
    return { file, contentBase64: Buffer.from(bytes).toString('base64') };
  }
}
