import { z } from 'zod';

/**
 * Who may do what on the register's admin API (README "The admin page and roles"). The staff roles are the
 * register's own (migration 0006); no new ones. A registrar works at a desk and has no admin page.
 *
 * - central: central register staff (SPEC 1: like an administrator, for every library): everything, and the
 *   only role with the audit, retention, epoch and library-system data (items, fees, user groups).
 * - admin: a library's administrator: the terminals, enrolment codes, door policies, branches, staff and
 *   branding (issue 17) of their own library (never a central account).
 * - technician: enrols and looks after terminals: the terminals, enrolment codes and door policies of their
 *   own library (SPEC 1: door timing and opening hours), and acknowledges its doors' alarms (issue 13).
 * The admin token counts as central staff.
 */
export const adminRoles = ['central', 'admin', 'technician'] as const;
export type AdminRole = (typeof adminRoles)[number];
export const StaffRoleSchema = z.enum(['registrar', 'technician', 'admin', 'central']);
export type StaffRole = z.infer<typeof StaffRoleSchema>;

export const adminPermissions = [
  'terminals.read',
  'terminals.revoke',
  'enrolment.read',
  'enrolment.issue',
  'enrolment.revoke',
  'policies.read',
  'policies.write',
  'libraries.read',
  'libraries.write',
  'branches.write',
  'staff.read',
  'staff.write',
  'audit.read',
  'retention.run',
  'register.write',
  'alarms.acknowledge',
  /** Right of access across the register: everything held on one borrower (their library's, or anyone's for central staff). */
  'subjects.export',
  /** A library's name, colour and logo on its terminals (issue 17). */
  'branding.write',
] as const;
export type AdminPermission = (typeof adminPermissions)[number];

const technician: readonly AdminPermission[] = ['terminals.read', 'terminals.revoke', 'enrolment.read', 'enrolment.issue', 'enrolment.revoke', 'policies.read', 'policies.write', 'libraries.read', 'alarms.acknowledge'];
const libraryAdmin: readonly AdminPermission[] = [...technician, 'branches.write', 'staff.read', 'staff.write', 'subjects.export', 'branding.write'];

export const rolePermissions: Record<AdminRole, readonly AdminPermission[]> = {
  central: adminPermissions,
  admin: libraryAdmin,
  technician,
};

export function isAdminRole(role: string): role is AdminRole {
  return (adminRoles as readonly string[]).includes(role);
}

export function mayDo(role: AdminRole, permission: AdminPermission): boolean {
  return rolePermissions[role].includes(permission);
}

/** The signed-in person as GET/POST /admin/session returns them. libraryId null: every library (central). */
export const AdminSessionSchema = z.object({
  staffId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(adminRoles),
  libraryId: z.string().nullable(),
  idleMinutes: z.number(),
});
export type AdminSession = z.infer<typeof AdminSessionSchema>;

export const SignInRequestSchema = z.object({ email: z.string().trim().min(3).max(200), password: z.string().min(1).max(200) }).strict();

/** The header every state-changing request signed in by cookie must carry (a cross-site form cannot set it). */
export const adminCsrfHeader = 'x-lanedisk-admin';
