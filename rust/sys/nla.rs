// SPDX-License-Identifier: GPL-2.0

//! Netlink attributes: reading the ones rtnetlink parsed for us, writing
//! ours into a message, and the extended ack that carries error text back.

use super::bindings;
use core::ffi::CStr;
use core::marker::PhantomData;

/// One received attribute.
///
/// # Invariants
///
/// Points to an attribute whose header and `len()` payload bytes lie inside
/// a netlink message that stays alive and unchanged for `'a`.
#[derive(Clone, Copy)]
pub(crate) struct Attr<'a> {
    ptr: *const bindings::nlattr,
    _msg: PhantomData<&'a [u8]>,
}

impl<'a> Attr<'a> {
    /// The attribute's payload.
    pub(crate) fn bytes(&self) -> &'a [u8] {
        // SAFETY: By the type invariant the header and payload are inside
        // the message, alive for 'a.
        unsafe {
            let len = bindings::rb_nla_len(self.ptr);
            core::slice::from_raw_parts(bindings::rb_nla_data(self.ptr).cast::<u8>(), len as usize)
        }
    }

    /// The payload as a native-endian number of `N` bytes, zero-extended
    /// when shorter (the rtnetlink policy already checked the minimum).
    fn num<const N: usize>(&self) -> [u8; N] {
        let mut b = [0u8; N];
        for (d, s) in b.iter_mut().zip(self.bytes()) {
            *d = *s;
        }
        b
    }

    /// `nla_get_u8`.
    pub(crate) fn u8(&self) -> u8 {
        self.num::<1>()[0]
    }

    /// `nla_get_u16`.
    pub(crate) fn u16(&self) -> u16 {
        u16::from_ne_bytes(self.num())
    }

    /// `nla_get_u32`.
    pub(crate) fn u32(&self) -> u32 {
        u32::from_ne_bytes(self.num())
    }

    /// `nla_get_s32`.
    pub(crate) fn s32(&self) -> i32 {
        i32::from_ne_bytes(self.num())
    }

    /// The attributes nested in this one (`nla_for_each_nested`).
    pub(crate) fn nested(&self) -> Nested<'a> {
        // SAFETY: By the type invariant the payload is inside the message.
        let (first, rem) = unsafe {
            (
                bindings::rb_nla_data(self.ptr).cast::<bindings::nlattr>(),
                bindings::rb_nla_len(self.ptr),
            )
        };
        Nested {
            next: first,
            rem,
            _msg: PhantomData,
        }
    }

    fn as_ptr(&self) -> *const bindings::nlattr {
        self.ptr
    }
}

/// Iterator over nested attributes.
///
/// # Invariants
///
/// `next` and the `rem` bytes from it lie inside the message alive for `'a`.
pub(crate) struct Nested<'a> {
    next: *const bindings::nlattr,
    rem: kernel::ffi::c_int,
    _msg: PhantomData<&'a [u8]>,
}

impl<'a> Iterator for Nested<'a> {
    type Item = Attr<'a>;

    fn next(&mut self) -> Option<Attr<'a>> {
        // SAFETY: By the type invariant `rem` bytes from `next` are in the
        // message; `nla_ok` checks that a whole attribute fits in them.
        if unsafe { !bindings::rb_nla_ok(self.next, self.rem) } {
            return None;
        }
        let cur = self.next;
        // SAFETY: `cur` is a whole attribute (checked above); `nla_next`
        // steps over it and lowers `rem` by what it stepped.
        self.next = unsafe { bindings::rb_nla_next(cur, &mut self.rem) };
        // INVARIANT: `nla_ok` checked that `cur` fits in the message.
        Some(Attr {
            ptr: cur,
            _msg: PhantomData,
        })
    }
}

/// The attribute table rtnetlink filled from a message (`tb[]` / `data[]`).
///
/// # Invariants
///
/// `tb` is null (no table) or points to `max + 1` entries, each null or a
/// valid attribute of a message alive for `'a`.
#[derive(Clone, Copy)]
pub(crate) struct AttrTable<'a> {
    tb: *const *mut bindings::nlattr,
    max: u32,
    _msg: PhantomData<&'a [u8]>,
}

impl<'a> AttrTable<'a> {
    /// Wraps a table rtnetlink passed.
    ///
    /// # Safety
    ///
    /// `tb` must be null or point to `max + 1` attribute pointers, each null
    /// or valid, of a message that stays alive for `'a`.
    pub(crate) unsafe fn from_raw(tb: *mut *mut bindings::nlattr, max: u32) -> Self {
        Self {
            tb,
            max,
            _msg: PhantomData,
        }
    }

    /// Whether rtnetlink passed a table at all.
    pub(crate) fn is_present(&self) -> bool {
        !self.tb.is_null()
    }

    /// The attribute of type `t`, if the message has it.
    pub(crate) fn get(&self, t: u16) -> Option<Attr<'a>> {
        if self.tb.is_null() || u32::from(t) > self.max {
            return None;
        }
        // SAFETY: By the type invariant the table has `max + 1` entries.
        let p = unsafe { *self.tb.add(usize::from(t)) };
        // INVARIANT: A non-null entry is a valid attribute of the message.
        (!p.is_null()).then_some(Attr {
            ptr: p,
            _msg: PhantomData,
        })
    }
}

/// The extended ack of a request, or none (sysfs, module parameters).
///
/// # Invariants
///
/// `ptr` is null or points to the request's `netlink_ext_ack`, alive and
/// only used by this thread for `'a`.
#[derive(Clone, Copy)]
pub(crate) struct ExtAck<'a> {
    ptr: *mut bindings::netlink_ext_ack,
    _req: PhantomData<&'a mut bindings::netlink_ext_ack>,
}

impl<'a> ExtAck<'a> {
    /// No netlink request: errors go to the kernel log instead.
    pub(crate) const NONE: ExtAck<'static> = ExtAck {
        ptr: core::ptr::null_mut(),
        _req: PhantomData,
    };

    /// Wraps the ack rtnetlink passed.
    ///
    /// # Safety
    ///
    /// `ptr` must be null or the current request's ack, alive for `'a`.
    pub(crate) unsafe fn from_raw(ptr: *mut bindings::netlink_ext_ack) -> Self {
        Self {
            ptr,
            _req: PhantomData,
        }
    }

    /// Whether there is a netlink caller to tell.
    pub(crate) fn is_some(&self) -> bool {
        !self.ptr.is_null()
    }

    /// `NL_SET_ERR_MSG`.
    pub(crate) fn set_msg(&self, msg: &'static CStr) {
        // SAFETY: By the type invariant `ptr` is null or the live ack; the
        // message is static, as the ack keeps a pointer to it.
        unsafe { bindings::rb_nl_set_err_msg(self.ptr, msg.as_ptr().cast(), core::ptr::null()) };
    }

    /// `NL_SET_ERR_MSG_ATTR`: the message and the attribute it is about.
    pub(crate) fn set_msg_attr(&self, msg: &'static CStr, attr: Option<Attr<'_>>) {
        let a = attr.map_or(core::ptr::null(), |a| a.as_ptr());
        // SAFETY: As in `set_msg`; `a` is null or an attribute of the
        // request's message.
        unsafe { bindings::rb_nl_set_err_msg(self.ptr, msg.as_ptr().cast(), a) };
    }
}

/// A message being filled (`fill_info` and friends).
///
/// # Invariants
///
/// `skb` is the message buffer rtnetlink passed, exclusively ours for `'a`.
pub(crate) struct NlMsg<'a> {
    skb: *mut bindings::sk_buff,
    _buf: PhantomData<&'a mut bindings::sk_buff>,
}

/// An open nest in a [`NlMsg`]: closed with [`NlMsg::nest_end`] or dropped
/// from the message with [`NlMsg::nest_cancel`].
///
/// # Invariants
///
/// `attr` is the nest attribute `nest_start` put into the message `skb`;
/// the message's methods only take back their own nests (checked).
pub(crate) struct Nest {
    skb: *mut bindings::sk_buff,
    attr: *mut bindings::nlattr,
}

/// The message ran out of room (`-EMSGSIZE`).
#[derive(Debug)]
pub(crate) struct MsgFull;

impl<'a> NlMsg<'a> {
    /// Wraps the buffer rtnetlink passed.
    ///
    /// # Safety
    ///
    /// `skb` must be the message being built, ours alone for `'a`.
    pub(crate) unsafe fn from_raw(skb: *mut bindings::sk_buff) -> Self {
        Self {
            skb,
            _buf: PhantomData,
        }
    }

    /// `nla_put`.
    pub(crate) fn put(&mut self, t: u16, data: &[u8]) -> Result<(), MsgFull> {
        // SAFETY: By the type invariant `skb` is our message; `data` is
        // readable for its length.
        let r = unsafe {
            bindings::nla_put(
                self.skb,
                kernel::ffi::c_int::from(t),
                data.len() as kernel::ffi::c_int,
                data.as_ptr().cast(),
            )
        };
        if r < 0 {
            Err(MsgFull)
        } else {
            Ok(())
        }
    }

    /// Opens a nest: `nla_nest_start` with `flagged`, else
    /// `nla_nest_start_noflag`.
    pub(crate) fn nest_start(&mut self, t: u16, flagged: bool) -> Result<Nest, MsgFull> {
        let t = kernel::ffi::c_int::from(t);
        // SAFETY: By the type invariant `skb` is our message.
        let n = unsafe { bindings::rb_nla_nest_start(self.skb, t, flagged) };
        if n.is_null() {
            Err(MsgFull)
        } else {
            Ok(Nest {
                skb: self.skb,
                attr: n,
            })
        }
    }

    /// `nla_nest_end`.
    pub(crate) fn nest_end(&mut self, n: Nest) {
        assert!(n.skb == self.skb, "nest of another message");
        // SAFETY: `n` was opened in this message (checked) and lies in its
        // buffer.
        unsafe { bindings::rb_nla_nest_end(self.skb, n.attr) };
    }

    /// `nla_nest_cancel`: drops the nest and what was put in it.
    pub(crate) fn nest_cancel(&mut self, n: Nest) {
        assert!(n.skb == self.skb, "nest of another message");
        // SAFETY: As in `nest_end`.
        unsafe { bindings::rb_nla_nest_cancel(self.skb, n.attr) };
    }
}
