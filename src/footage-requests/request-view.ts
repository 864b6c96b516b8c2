import { GatewayRequestView, FootageRequestView } from './footage-request.views';
import { RequestRow } from './footage-requests.repository';

export function gatewayView(r: RequestRow): GatewayRequestView {
  return {
    id: r.id,
    deviceId: r.deviceId!,
    deviceSerial: r.deviceSerial,
    incidentId: r.incidentId,
    from: r.from,
    to: r.to,
    expiresAt: r.expiresAt,
    status: r.status === 'uploading' ? 'uploading' : 'open',
  };
}

export function requestView(r: RequestRow): FootageRequestView {
  return {
    id: r.id,
    incidentId: r.incidentId,
    status: r.status,
    reason: r.reason,
    device: {
      id: r.deviceId,
      serialNumber: r.deviceSerial,
      kind: r.deviceKind,
      model: r.deviceModel,
      unitName: r.unitName,
    },
    from: r.from,
    to: r.to,
    origin: r.origin,
    footageId: r.footageId,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    uploadStartedAt: r.uploadStartedAt,
    receivedAt: r.receivedAt,
    verifiedAt: r.verifiedAt,
    declinedAt: r.declinedAt,
  };
}
