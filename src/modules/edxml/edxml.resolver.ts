import { Arg, Ctx, ID, Resolver } from 'type-graphql';
import type { HubContext } from '../../core/context.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import { toDocumentType, toEventType } from '../document/document.resolver.js';
import { EdxmlImportResult } from '../document/document.type.js';
import { edxmlService } from './edxml.service.js';

@Resolver()
export class EdxmlResolver {
  @HubMutation(() => EdxmlImportResult, {
    description:
      'Nhập gói edXML — import a document package or a status packet (QCVN 102:2016), exactly as if sent through the API',
  })
  async importEdxml(
    @Arg('package', () => String, { description: "Gói edXML — the package's XML text" }) xml: string,
    @Ctx() ctx: HubContext,
  ): Promise<EdxmlImportResult> {
    const r = await edxmlService.import(ctx, xml);
    return {
      kind: r.kind,
      action: r.action,
      document: toDocumentType(r.document),
      delivery: r.delivery ?? null,
      event: r.event ? toEventType(r.event) : null,
    };
  }

  @HubQuery(() => String, {
    nullable: true,
    description:
      'Xuất gói edXML — the document as an edXML package with its attachments, signed by the hub; or, with original: true, the package exactly as it was received (null if it did not come as edXML)',
  })
  documentEdxml(
    @Arg('id', () => ID, { description: "Văn bản — the document's id" }) id: string,
    @Arg('original', () => Boolean, {
      defaultValue: false,
      description: "Bản gốc — the received package's own bytes, unchanged (its signature intact)",
    })
    original: boolean,
    @Ctx() ctx: HubContext,
  ): Promise<string | null> {
    return edxmlService.exportDocument(ctx, id, { original });
  }

  @HubQuery(() => String, {
    nullable: true,
    description: 'Gói trạng thái edXML — one status change as an edXML status packet, signed by the hub',
  })
  deliveryEventEdxml(
    @Arg('id', () => ID, { description: "Mã sự kiện — the status change's id (DeliveryEvent.id)" }) id: string,
    @Ctx() ctx: HubContext,
  ): Promise<string | null> {
    return edxmlService.exportStatus(ctx, id);
  }
}
