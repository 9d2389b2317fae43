import { boardColumns, columnDropId, LOST_ZONE, resolveDrop, WON_ZONE } from './boardDrop'

const deal = (id: string, stageId: string, position: number) => ({ id, stageId, position })

describe('boardColumns', () => {
  it('groups by stage in position order; a removed stage falls back to the first column', () => {
    const columns = boardColumns([deal('b', 'qualify', 2), deal('a', 'qualify', 1), deal('x', 'gone', 0), deal('m', 'meeting', 0)], ['qualify', 'meeting'])
    expect(columns.get('qualify')?.map((d) => d.id)).toEqual(['x', 'a', 'b'])
    expect(columns.get('meeting')?.map((d) => d.id)).toEqual(['m'])
  })
})

describe('resolveDrop', () => {
  const columns = boardColumns(
    [deal('a', 'qualify', 0), deal('b', 'qualify', 1024), deal('c', 'qualify', 2048), deal('m', 'meeting', 0), deal('n', 'meeting', 1024)],
    ['qualify', 'meeting', 'proposal'],
  )

  it('closes on the Won and Lost zones', () => {
    expect(resolveDrop(columns, 'a', WON_ZONE)).toEqual({ kind: 'close', outcome: 'won' })
    expect(resolveDrop(columns, 'a', LOST_ZONE)).toEqual({ kind: 'close', outcome: 'lost' })
  })

  it('does nothing when dropped nowhere or on itself', () => {
    expect(resolveDrop(columns, 'a', null)).toEqual({ kind: 'none' })
    expect(resolveDrop(columns, 'a', 'a')).toEqual({ kind: 'none' })
  })

  it('goes to the bottom of a column dropped on', () => {
    expect(resolveDrop(columns, 'a', columnDropId('meeting'))).toEqual({ kind: 'move', stageId: 'meeting', position: 2048 })
    expect(resolveDrop(columns, 'a', columnDropId('proposal'))).toEqual({ kind: 'move', stageId: 'proposal', position: 0 })
  })

  it('lands before a card of another column', () => {
    expect(resolveDrop(columns, 'a', 'n')).toEqual({ kind: 'move', stageId: 'meeting', position: 512 })
    expect(resolveDrop(columns, 'a', 'm')).toEqual({ kind: 'move', stageId: 'meeting', position: -1024 })
  })

  it('moving down within a column lands after the card, moving up before it', () => {
    expect(resolveDrop(columns, 'a', 'b')).toEqual({ kind: 'move', stageId: 'qualify', position: 1536 })
    expect(resolveDrop(columns, 'c', 'b')).toEqual({ kind: 'move', stageId: 'qualify', position: 512 })
  })

  it('renumbers a column whose gap is used up', () => {
    const tight = boardColumns([deal('a', 'qualify', 1000), deal('b', 'qualify', 1000 + 1e-13), deal('z', 'meeting', 0)], ['qualify', 'meeting'])
    const drop = resolveDrop(tight, 'z', 'b')
    expect(drop).toEqual({
      kind: 'move',
      stageId: 'qualify',
      position: 1024,
      renumber: [
        { id: 'a', position: 0 },
        { id: 'z', position: 1024 },
        { id: 'b', position: 2048 },
      ],
    })
  })
})
