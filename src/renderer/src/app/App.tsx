import { WorkflowPage } from '../features/workflows/WorkflowPage'
import { WorkflowsPage } from '../features/workflows/WorkflowsPage'
import { Suspense, use, useState } from 'react'
import { Provider } from 'react-redux'
import { DataContext, type OutpostData } from '../data/dataContext'
import { openData } from '../data/openData'
import { CommandPalette } from '../features/command-palette/CommandPalette'
import { CompaniesPage } from '../features/companies/CompaniesPage'
import { CompanyDetailPage } from '../features/companies/CompanyDetailPage'
import { CompanyFormDialog } from '../features/companies/CompanyFormDialog'
import { ContactDetailPage } from '../features/contacts/ContactDetailPage'
import { ContactFormDialog } from '../features/contacts/ContactFormDialog'
import { ContactsPage } from '../features/contacts/ContactsPage'
import { SettingsPage } from '../features/settings/SettingsPage'
import { ImportPage } from '../features/import/ImportPage'
import { SegmentsPage } from '../features/segments/SegmentsPage'
import { SegmentEditorPage } from '../features/segments/SegmentEditorPage'
import { TemplatesPage } from '../features/templates/TemplatesPage'
import { TemplateEditorPage } from '../features/templates/TemplateEditorPage'
import { CampaignsPage } from '../features/campaigns/CampaignsPage'
import { CampaignEditorPage } from '../features/campaigns/CampaignEditorPage'
import { CampaignReportPage } from '../features/analytics/CampaignReportPage'
import { AnalyticsDashboardPage } from '../features/analytics/AnalyticsDashboardPage'
import { DesktopIntegration } from '../features/desktop/DesktopIntegration'
import { HomePage } from '../features/home/HomePage'
import { DealsPage } from '../features/deals/DealsPage'
import { DealDetailPage } from '../features/deals/DealDetailPage'
import { MyTasksPage } from '../features/tasks/MyTasksPage'
import { TaskReminders } from '../features/tasks/TaskReminders'
import { InboxPage } from '../features/feed/InboxPage'
import { TeamFeedPage } from '../features/feed/TeamFeedPage'
import { FeedNotifier } from '../features/feed/FeedNotifier'
import { CrmAutomation } from '../features/scoring/CrmAutomation'
import { useSyncBridge } from './useSyncBridge'
import { Toasts } from '../ui/Toasts'
import { Layout } from './Layout'
import { useRoute, type Route } from './router'
import { makeStore } from './store'
import { useGlobalShortcuts } from './useGlobalShortcuts'

export function App() {
  const [store] = useState(makeStore)
  return (
    <Provider store={store}>
      <Suspense fallback={<Splash />}>
        <DataGate dataPromise={openData()} />
      </Suspense>
    </Provider>
  )
}

function DataGate({ dataPromise }: { dataPromise: Promise<OutpostData> }) {
  const data = use(dataPromise)
  return (
    <DataContext.Provider value={data}>
      <Shell />
    </DataContext.Provider>
  )
}

function Shell() {
  const route = useRoute()
  useGlobalShortcuts()
  useSyncBridge()
  return (
    <Layout route={route}>
      <Page route={route} />
      <ContactFormDialog />
      <CompanyFormDialog />
      <CommandPalette />
      <Toasts />
      <DesktopIntegration />
      <CrmAutomation />
      <TaskReminders />
      <FeedNotifier />
    </Layout>
  )
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return <HomePage />
    case 'deals':
      return <DealsPage view={route.view ?? 'board'} />
    case 'deal':
      return <DealDetailPage id={route.id} />
    case 'workflows':
      return <WorkflowsPage />
    case 'workflow':
      return <WorkflowPage id={route.id} />
    case 'tasks':
      return <MyTasksPage />
    case 'inbox':
      return <InboxPage />
    case 'feed':
      return <TeamFeedPage />
    case 'contacts':
      return <ContactsPage />
    case 'contact':
      return <ContactDetailPage id={route.id} />
    case 'companies':
      return <CompaniesPage />
    case 'company':
      return <CompanyDetailPage id={route.id} />
    case 'segments':
      return <SegmentsPage />
    case 'segment':
      return <SegmentEditorPage id={route.id} />
    case 'templates':
      return <TemplatesPage />
    case 'template':
      return <TemplateEditorPage id={route.id} />
    case 'campaigns':
      return <CampaignsPage />
    case 'campaign':
      return <CampaignEditorPage id={route.id} />
    case 'campaignReport':
      return <CampaignReportPage id={route.id} />
    case 'analytics':
      return <AnalyticsDashboardPage />
    case 'import':
      return <ImportPage />
    case 'settings':
      return <SettingsPage section={route.section} />
  }
}

function Splash() {
  return <div className="grid h-full place-items-center text-sm text-slate-500">Opening your workspace…</div>
}
