import { useState } from 'react';
import { saveBlob } from '../lib';

/**
 * Downloads a file the API gives as a blob and saves it in the browser, with the progress
 * and the error of the last try.
 */
export function useDownload(fetchBlob: () => Promise<Blob>, fileName: string) {
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<unknown>();

  const download = async () => {
    setDownloading(true);
    setError(undefined);
    try {
      saveBlob(await fetchBlob(), fileName);
    } catch (e) {
      setError(e);
    } finally {
      setDownloading(false);
    }
  };

  return {
    downloading,
    error,
    download,
    dismissError: () => setError(undefined),
  };
}
