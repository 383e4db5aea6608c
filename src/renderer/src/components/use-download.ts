import { useEffect, useRef, useState } from 'react';

/**
 * A file main built, offered for download: `offer` starts the download at once, and the link (`ref` on an anchor
 * with `download.url` / `download.fileName`) stays for a second try, its object URL alive as long as it is shown.
 */
export function useDownload() {
  const [download, setDownload] = useState<{ url: string; fileName: string }>();
  const link = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    if (!download) return undefined;
    link.current?.click();
    return () => URL.revokeObjectURL(download.url);
  }, [download]);

  const offer = (text: string, type: string, fileName: string) => setDownload({ url: URL.createObjectURL(new Blob([text], { type })), fileName });
  return { download, link, offer };
}
