import { Col, Row } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../i18n';
import { useGet } from '../api/query';
import { QueryError } from '../components/QueryError';

const TILES = [
  { key: 'openQuestions', color: '#1657b5' },
  { key: 'overdueAnswers', color: '#cf1322' },
  { key: 'openComplaints', color: '#531dab' },
  { key: 'overdueDecisions', color: '#cf1322' },
  { key: 'overdueContracts', color: '#ad4e00' },
] as const;

/** The supervision board's trading panel, beside the cases: open questions, overdue answers, open complaints, contracts past their 30 days, of the center. */
export function TradingBoardPanel({ centerId }: { centerId?: string }) {
  const { t } = useT();
  const q = useGet('/api/supervision/board/trading', { query: { centerId } });
  return (
    <section className="ow-section" aria-labelledby="sup-trading" data-testid="board-trading">
      <h3 className="ow-section-title" id="sup-trading">{t('td.board.title')}</h3>
      <QueryError of={q} />
      <Row gutter={[12, 12]}>
        {TILES.map((tile) => (
          <Col key={tile.key} xs={12} md={8} xl={4}>
            <div style={{ border: `2px solid ${tile.color}`, borderRadius: 8, padding: 12 }}>
              <div style={{ fontSize: 28, fontWeight: 600, color: tile.color }} data-testid={`board-trading-${tile.key}`}>{q.data ? q.data[tile.key] : '—'}</div>
              <div>{t(`td.board.${tile.key}`)}</div>
            </div>
          </Col>
        ))}
      </Row>
      <p style={{ marginTop: 8 }}><Link to="/workbench/tender-disputes">{t('td.wb.title')}</Link></p>
    </section>
  );
}
