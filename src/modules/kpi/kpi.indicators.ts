/** Chỉ số — the indicators that have targets (set with setKpiTarget, as data). */
import { registerEnumType } from 'type-graphql';

export enum KpiIndicatorName {
  ONLINE_RATE = 'ONLINE_RATE',
  ON_TIME_RATE = 'ON_TIME_RATE',
  PAID_ONLINE_RATE = 'PAID_ONLINE_RATE',
  PORTAL_SYNCED_RATE = 'PORTAL_SYNCED_RATE',
  ONLINE_PROCEDURE_RATE = 'ONLINE_PROCEDURE_RATE',
  PORTAL_INTEGRATED_RATE = 'PORTAL_INTEGRATED_RATE',
  MEETING_PAPERLESS_RATE = 'MEETING_PAPERLESS_RATE',
  OPINION_ON_TIME_RATE = 'OPINION_ON_TIME_RATE',
  TASK_ON_TIME_RATE = 'TASK_ON_TIME_RATE',
}
registerEnumType(KpiIndicatorName, {
  name: 'KpiIndicatorName',
  description: 'Chỉ số — an indicator with a target',
  valuesConfig: {
    ONLINE_RATE: { description: 'Tỷ lệ hồ sơ trực tuyến — online rate' },
    ON_TIME_RATE: { description: 'Tỷ lệ đúng hạn — on-time rate' },
    PAID_ONLINE_RATE: { description: 'Tỷ lệ hồ sơ thanh toán trực tuyến — share of fee-bearing dossiers paid online' },
    PORTAL_SYNCED_RATE: {
      description: 'Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG — share of dossiers received that the portal knows',
    },
    ONLINE_PROCEDURE_RATE: {
      description: 'Tỷ lệ TTHC cung cấp trực tuyến — share of procedures offered online (level 3/4 or full-process)',
    },
    PORTAL_INTEGRATED_RATE: {
      description:
        'Tỷ lệ dịch vụ công mức độ 3, 4 tích hợp trên Cổng DVCQG — share of online procedures integrated on the portal',
    },
    MEETING_PAPERLESS_RATE: {
      description: 'Tỷ lệ cuộc họp không giấy — share of meetings held with every document electronic',
    },
    OPINION_ON_TIME_RATE: {
      description:
        'Tỷ lệ phiếu lấy ý kiến trả lời đúng hạn — share of opinions asked that were answered by the deadline',
    },
    TASK_ON_TIME_RATE: {
      description: 'Tỷ lệ nhiệm vụ hoàn thành đúng hạn — share of conclusion tasks due that were finished on time',
    },
  },
});
