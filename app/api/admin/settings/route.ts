import { z } from "zod";
import { getAdminSettings, updateAdminSettings } from "@/lib/auth/settings";
import { respondWithErrors } from "@/lib/errors";
import { parseJsonBody } from "@/lib/http/parse-body";
import { requireAdmin } from "@/lib/security/request-principal";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const settingsSchema = z.object({ requireApproval: z.boolean().optional() });

/** The settings an admin changes while Lumia runs (with accounts on): `requireApproval`. */
export function GET(request: Request): Promise<Response> {
  return respondWithErrors(async () => {
    requireAdmin(request);
    return Response.json(await getAdminSettings());
  });
}

export function PATCH(request: Request): Promise<Response> {
  return respondWithErrors(async () => {
    requireAdmin(request);
    const changes = await parseJsonBody({ request, schema: settingsSchema });
    return Response.json(await updateAdminSettings(changes));
  });
}
