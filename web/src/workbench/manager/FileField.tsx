import { useState } from 'react';
import { App, Button, Upload } from 'antd';
import { CloseOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { fileUrl, toApiError, uploadWithProgress } from '../../api/client';

/** Form control holding a file id: uploads to POST /api/admin/files, shows a link once uploaded. */
export function FileField({ value, onChange, testid, label }: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  testid: string;
  label: string;
}) {
  const { t, msg } = useT();
  const { message } = App.useApp();
  const [name, setName] = useState<string>();
  const [busy, setBusy] = useState(false);

  return (
    <div data-testid={testid} data-file-id={value ?? ''} style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', minHeight: 32 }}>
      {value ? (
        <>
          <a href={fileUrl(value)} target="_blank" rel="noreferrer" data-testid={`${testid}-link`} style={{ wordBreak: 'break-all' }}>
            <PaperClipOutlined /> {name ?? t('editor.uploaded')}
          </a>
          <Button size="small" type="text" icon={<CloseOutlined />} onClick={() => onChange?.(undefined)} aria-label={t('editor.removeFile')}
            data-testid={`${testid}-remove`} />
        </>
      ) : null}
      <Upload
        showUploadList={false}
        maxCount={1}
        customRequest={({ file, onSuccess, onError }) => {
          setBusy(true);
          uploadWithProgress('/api/admin/files', file as File).then(
            (res) => {
              setName(res.name);
              onChange?.(res.id);
              onSuccess?.(res);
              setBusy(false);
            },
            (e: unknown) => {
              const err = toApiError(e);
              message.error(msg(err.messages));
              onError?.(err);
              setBusy(false);
            },
          );
        }}
      >
        <Button size="small" icon={<UploadOutlined />} loading={busy}>{value ? t('editor.replaceFile') : `${t('editor.upload')} ${label}`}</Button>
      </Upload>
    </div>
  );
}
