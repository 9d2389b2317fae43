import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { ListPageHeader } from './ListPageHeader'

function Harness({ count }: { count: number | undefined }) {
  const [search, setSearch] = useState('')
  return (
    <>
      <ListPageHeader title="Things" count={count} search={{ label: 'Search things', placeholder: 'Search…', value: search, onChange: setSearch }}>
        <button type="button">New thing</button>
      </ListPageHeader>
      <output aria-label="Query">{search}</output>
    </>
  )
}

describe('ListPageHeader', () => {
  it('shows only the title and actions while the list is loading or empty', () => {
    const { rerender } = render(<Harness count={undefined} />)
    expect(screen.getByRole('heading', { level: 1, name: 'Things' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'New thing' })).toBeInTheDocument()
    expect(screen.queryByRole('searchbox', { name: 'Search things' })).not.toBeInTheDocument()
    rerender(<Harness count={0} />)
    expect(screen.queryByRole('searchbox', { name: 'Search things' })).not.toBeInTheDocument()
    expect(screen.queryByText('0')).not.toBeInTheDocument()
  })

  it('shows the count and a search box that Escape clears', async () => {
    const user = userEvent.setup()
    render(<Harness count={1234} />)
    expect(screen.getByText((1234).toLocaleString())).toBeInTheDocument()
    const search = screen.getByRole('searchbox', { name: 'Search things' })
    await user.type(search, 'acme')
    expect(screen.getByLabelText('Query')).toHaveTextContent('acme')
    await user.keyboard('{Escape}')
    expect(search).toHaveValue('')
    expect(screen.getByLabelText('Query')).toHaveTextContent('')
  })
})
