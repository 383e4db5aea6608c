import { Button, Group, NativeSelect, NavLink, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayDo, type AdminPermission, type AdminSession } from '../shared/admin/roles';
import { languages, type Language } from '../shared/vocabulary';
import { api } from './api';
import { setLanguage } from './i18n';
import { AccessPage } from './pages/AccessPage';
import { AuditPage } from './pages/AuditPage';
import { EnrolmentPage } from './pages/EnrolmentPage';
import { LibrariesPage } from './pages/LibrariesPage';
import { PoliciesPage } from './pages/PoliciesPage';
import { RetentionPage } from './pages/RetentionPage';
import { StaffPage } from './pages/StaffPage';
import { TerminalsPage } from './pages/TerminalsPage';
import { SignIn } from './SignIn';

const pages = [
  { id: 'terminals', label: 'admin.nav.terminals', needs: 'terminals.read', Page: TerminalsPage },
  { id: 'enrolment', label: 'admin.nav.enrolment', needs: 'enrolment.read', Page: EnrolmentPage },
  { id: 'policies', label: 'admin.nav.policies', needs: 'policies.read', Page: PoliciesPage },
  { id: 'libraries', label: 'admin.nav.libraries', needs: 'libraries.read', Page: LibrariesPage },
  { id: 'staff', label: 'admin.nav.staff', needs: 'staff.read', Page: StaffPage },
  { id: 'audit', label: 'admin.nav.audit', needs: 'audit.read', Page: AuditPage },
  { id: 'retention', label: 'admin.nav.retention', needs: 'retention.run', Page: RetentionPage },
  { id: 'access', label: 'admin.nav.access', needs: 'subjects.export', Page: AccessPage },
] as const satisfies readonly { id: string; label: string; needs: AdminPermission; Page: unknown }[];
type PageId = (typeof pages)[number]['id'];

const languageNames: Record<Language, string> = { sv: 'Svenska', da: 'Dansk', en: 'English' };

function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      label={t('admin.language')}
      value={i18n.language}
      data={languages.map((l) => ({ value: l, label: languageNames[l] }))}
      onChange={(e) => setLanguage(e.currentTarget.value as Language)}
    />
  );
}

/** Sign-in, then the pages the role may use (shared/admin/roles.ts decides; the register checks again). */
export function App() {
  const { t } = useTranslation();
  const [session, setSession] = useState<AdminSession | null>();
  const [page, setPage] = useState<PageId>('terminals');
  useEffect(() => {
    api<{ session: AdminSession | null }>('GET', '/admin/session').then((r) => setSession(r.session), () => setSession(null));
  }, []);

  if (session === undefined) return <p role="status">{t('admin.loading')}</p>;
  if (session === null)
    return (
      <>
        <SignIn onSignedIn={setSession} />
        <div className="admin-signin">
          <LanguagePicker />
        </div>
      </>
    );
  const allowed = pages.filter((p) => mayDo(session.role, p.needs));
  const current = allowed.find((p) => p.id === page) ?? allowed[0]!;
  const signOut = () => {
    void api('DELETE', '/admin/session').finally(() => setSession(null));
  };
  return (
    <div className="admin-layout">
      <nav className="admin-nav" aria-label={t('admin.nav.label')}>
        <Stack gap="xs">
          <Text fw={700}>{t('admin.title')}</Text>
          {allowed.map((p) => (
            <NavLink key={p.id} component="button" variant="filled" label={t(p.label)} active={p.id === current.id} aria-current={p.id === current.id ? 'page' : undefined} onClick={() => setPage(p.id)} />
          ))}
          <LanguagePicker />
        </Stack>
      </nav>
      <main className="admin-main">
        <Group justify="space-between" mb="md">
          <Text>{t('admin.signedInAs', { name: session.name, role: t(`admin.role.${session.role}`) })}</Text>
          <Button variant="default" onClick={signOut}>
            {t('admin.signOut')}
          </Button>
        </Group>
        <Title order={1} mb="md">
          {t(current.label)}
        </Title>
        <current.Page session={session} />
      </main>
    </div>
  );
}
