import { Button, FileInput, Group, Image, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { brandingProblems, contrastRatio, LibraryLogoSchema, minBrandContrast, type BrandingProblem } from '../../shared/branding/library-branding';
import { api, ApiError } from '../api';
import type { LibraryRow } from '../types';
import { useErrorText } from '../useApi';
import { Done, Failure } from './common';
import { formattingLocale } from '../../shared/locale';

type Logo = { mediaType: 'image/png'; base64: string };
interface Branding {
  displayName: string | null;
  colour: string | null;
  logo: Logo | null;
}

const hex = /^#[0-9a-fA-F]{6}$/;
const isProblem = (p: string): p is BrandingProblem => (brandingProblems as readonly string[]).includes(p);

/** A file's bytes as base64, in chunks (String.fromCharCode takes only so many arguments). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * A library's look on its terminals (issue 17): the name they show, a colour checked live against white text, and a
 * PNG logo with its preview (checked from its bytes here as the register checks it). Saved with PUT, cleared with
 * DELETE /admin/libraries/:id/branding; the register's refusals are shown on their field in the page language.
 */
export function BrandingForm({ libraries }: { libraries: LibraryRow[] }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [chosen, setChosen] = useState('');
  const libraryId = chosen || libraries[0]?.id || '';
  const [form, setForm] = useState<{ displayName: string; colour: string; logo: Logo | null }>({ displayName: '', colour: '', logo: null });
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<{ colour?: BrandingProblem; logo?: BrandingProblem }>({});
  const [done, setDone] = useState<string>();
  const [failed, setFailed] = useState<string>();
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (!libraryId) return;
    let live = true;
    api<Branding>('GET', `/admin/libraries/${encodeURIComponent(libraryId)}/branding`).then(
      (b) => {
        if (!live) return;
        setForm({ displayName: b.displayName ?? '', colour: b.colour ?? '', logo: b.logo });
        setFile(null);
        setProblems({});
      },
      (e: unknown) => live && setFailed(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [libraryId, round, errorText]);

  const colour = form.colour.trim();
  const ratio = hex.test(colour) ? contrastRatio(colour.toLowerCase(), '#ffffff') : undefined;
  // Live: a complete #rrggbb is checked at once; a half-typed one only when it is saved.
  const liveColourProblem: BrandingProblem | undefined = ratio !== undefined ? (ratio < minBrandContrast ? 'colour-contrast' : undefined) : colour.length >= 7 ? 'colour-format' : undefined;
  const colourProblem = problems.colour ?? liveColourProblem;
  const ratioText = ratio === undefined ? undefined : new Intl.NumberFormat(formattingLocale(i18n.language), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.floor(ratio * 10) / 10);
  const problemText = (p: BrandingProblem | undefined) => (p ? t(`admin.branding.problem.${p}`) : undefined);

  const pick = async (picked: File | null) => {
    setFile(picked);
    setDone(undefined);
    if (!picked) return;
    const logo = { mediaType: 'image/png' as const, base64: await base64Of(picked) };
    const checked = LibraryLogoSchema.safeParse(logo);
    const problem = checked.success ? undefined : checked.error.issues.map((i) => i.message).find(isProblem);
    setProblems((p) => ({ ...p, logo: checked.success ? undefined : (problem ?? 'logo-format') }));
    if (checked.success) setForm((f) => ({ ...f, logo }));
  };

  const refused = (e: unknown) => {
    setDone(undefined);
    const found = e instanceof ApiError ? e.problems.filter(isProblem) : [];
    if (found.length === 0) return setFailed(errorText(e));
    setProblems({ colour: found.find((p) => p.startsWith('colour')), logo: found.find((p) => p.startsWith('logo')) });
    setFailed(found.map((p) => t(`admin.branding.problem.${p}`)).join(' '));
  };
  const succeeded = (message: string) => () => {
    setDone(message);
    setFailed(undefined);
    setRound((r) => r + 1);
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    // What the page already knows is refused is not sent (the register would refuse it the same way).
    const known = [colourProblem, problems.logo].filter((p): p is BrandingProblem => p !== undefined);
    if (known.length > 0) {
      setDone(undefined);
      return setFailed(known.map((p) => t(`admin.branding.problem.${p}`)).join(' '));
    }
    setProblems({});
    const body = { displayName: form.displayName.trim() || null, colour: colour || null, logo: form.logo };
    api('PUT', `/admin/libraries/${encodeURIComponent(libraryId)}/branding`, body).then(succeeded(t('admin.branding.saved')), refused);
  };
  const clear = () => {
    api('DELETE', `/admin/libraries/${encodeURIComponent(libraryId)}/branding`).then(succeeded(t('admin.branding.cleared')), refused);
  };

  return (
    <Paper withBorder p="md" mb="lg" component="section" aria-labelledby="branding-form">
      <form onSubmit={save} noValidate>
        <Stack>
          <Title order={2} size="h3" id="branding-form">
            {t('admin.branding.title')}
          </Title>
          <Text>{t('admin.branding.intro')}</Text>
          <Failure text={failed} />
          <Done text={done} />
          <NativeSelect
            label={t('admin.branding.library')}
            value={libraryId}
            data={libraries.map((l) => ({ value: l.id, label: l.name }))}
            onChange={(e) => {
              setChosen(e.currentTarget.value);
              setDone(undefined);
              setFailed(undefined);
            }}
          />
          <TextInput
            label={t('admin.branding.displayName')}
            description={t('admin.branding.displayNameHint')}
            maxLength={120}
            value={form.displayName}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setForm((f) => ({ ...f, displayName: value }));
            }}
          />
          <Group align="flex-start" wrap="nowrap">
            <TextInput
              label={t('admin.branding.colour')}
              description={ratioText ? t('admin.branding.contrast', { ratio: ratioText }) : t('admin.branding.colourHint')}
              error={problemText(colourProblem)}
              placeholder="#1c5d99"
              maxLength={7}
              value={form.colour}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setProblems((p) => ({ ...p, colour: undefined }));
                setForm((f) => ({ ...f, colour: value }));
              }}
            />
            {/* The sample is shown only for a colour white text is readable on (else the page itself would fail contrast). */}
            {ratio !== undefined && !liveColourProblem && (
              <div className="brand-sample" data-testid="brand-sample" style={{ backgroundColor: colour }}>
                {t('admin.branding.sample')}
              </div>
            )}
          </Group>
          <FileInput
            label={t('admin.branding.logo')}
            accept="image/png"
            value={file}
            error={problemText(problems.logo)}
            onChange={(picked) => void pick(picked)}
          />
          <Group>
            {form.logo ? (
              <>
                <Image src={`data:${form.logo.mediaType};base64,${form.logo.base64}`} alt={t('admin.branding.logoPreview')} h={64} w="auto" fit="contain" />
                <Button
                  variant="default"
                  onClick={() => {
                    setForm((f) => ({ ...f, logo: null }));
                    setFile(null);
                  }}
                >
                  {t('admin.branding.removeLogo')}
                </Button>
              </>
            ) : (
              <Text c="dimmed">{t('admin.branding.noLogo')}</Text>
            )}
          </Group>
          <Group>
            <Button type="submit">{t('admin.branding.save')}</Button>
            <Button variant="default" onClick={clear}>
              {t('admin.branding.clear')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
